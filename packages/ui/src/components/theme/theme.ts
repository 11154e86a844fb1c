/**
 * Light, dark or system theme, remembered in localStorage. The resolved theme is written to
 * `<html data-theme>` (the CSS tokens key off it) and follows the OS while the choice is "system".
 */
import { createSignal } from "solid-js";

/** What the user picked. */
export type ThemeChoice = "light" | "dark" | "system";

/** Where the choice is kept. */
export const THEME_STORAGE_KEY = "switchboard.theme";
const DARK = "(prefers-color-scheme: dark)";

/** Reads a stored choice; anything unknown is "system". */
export function parseTheme(raw: string | null | undefined): ThemeChoice {
  return raw === "light" || raw === "dark" ? raw : "system";
}

/** The theme to show for a choice. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): "light" | "dark" {
  return choice === "system" ? (systemDark ? "dark" : "light") : choice;
}

function stored(): ThemeChoice {
  try {
    return parseTheme(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system";
  }
}

const query = typeof matchMedia === "function" ? matchMedia(DARK) : null;
const [choice, setChoiceSignal] = createSignal<ThemeChoice>(typeof localStorage === "undefined" ? "system" : stored());
const [systemDark, setSystemDark] = createSignal(query?.matches ?? false);

function apply(): void {
  if (typeof document === "undefined") return;
  const theme = resolveTheme(choice(), systemDark());
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** Applies the remembered theme now and follows OS changes (call once, before the first render). */
export function startTheme(): void {
  apply();
  query?.addEventListener("change", () => {
    setSystemDark(query.matches);
    apply();
  });
}

/** The current choice (reactive). */
export const themeChoice = choice;

/** Sets, remembers and applies a choice. */
export function setTheme(next: ThemeChoice): void {
  setChoiceSignal(next);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  apply();
}

/** Light → dark → system → light (for a single shortcut or palette entry). */
export function cycleTheme(): ThemeChoice {
  const next: ThemeChoice = choice() === "light" ? "dark" : choice() === "dark" ? "system" : "light";
  setTheme(next);
  return next;
}
