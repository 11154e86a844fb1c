/** The topbar's theme switch: Light, Dark or System, as a small radio group. */
import { For, type JSX } from "solid-js";
import { setTheme, themeChoice, type ThemeChoice } from "./theme";
import "./theme.css";

const OPTIONS: Array<{ value: ThemeChoice; label: string; icon: string }> = [
  { value: "light", label: "Light", icon: "☀" },
  { value: "dark", label: "Dark", icon: "☾" },
  { value: "system", label: "System", icon: "◐" },
];

/** A radio group named "Theme". */
export function ThemeSwitch(): JSX.Element {
  return (
    <div class="theme-switch" role="radiogroup" aria-label="Theme">
      <For each={OPTIONS}>
        {(o) => (
          <button
            type="button"
            role="radio"
            aria-checked={themeChoice() === o.value}
            aria-label={o.label}
            title={`${o.label} theme`}
            onClick={() => setTheme(o.value)}
          >
            <span aria-hidden="true">{o.icon}</span>
          </button>
        )}
      </For>
    </div>
  );
}
