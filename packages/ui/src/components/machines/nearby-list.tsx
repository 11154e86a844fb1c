/**
 * The Switchboards announced on the LAN, inside "Add a machine": each with its address and, unless
 * it is added and connected already, a Pair button. An announcement proves nothing, so Pair does
 * not pair: it puts that machine's address in the link field and selects it, ready for the sign-in
 * link it printed to be pasted over it (or its token typed after it).
 */
import { For, Show, type JSX } from "solid-js";
import type { Machine, NearbySwitchboard } from "../../api/hub-types";
import { nearbyState } from "./nearby-state";

/** The list; the link field is the input named "link" of the dialog's form. */
export function NearbyList(props: { nearby: NearbySwitchboard[]; machines: Machine[] }): JSX.Element {
  const pair = (event: MouseEvent, n: NearbySwitchboard): void => {
    const field = (event.currentTarget as HTMLElement).closest("form")?.querySelector<HTMLInputElement>('input[name="link"]');
    if (!field) return;
    field.value = `${n.url}/auth/`;
    field.focus();
    field.select();
  };
  return (
    <Show when={props.nearby.length > 0}>
      <ul class="machines-nearby" aria-label="Switchboards on this network">
        <For each={props.nearby}>
          {(n) => {
            const state = () => nearbyState(n, props.machines);
            return (
              <li data-nearby={n.name} data-nearby-state={state().kind}>
                <span class="machine-name">{n.name}</span> <span class="machine-words">{n.url}</span>{" "}
                <Show when={state().words}>{(words) => <span class="machine-words">{words()}</span>}</Show>
                <Show when={state().kind !== "connected"}>
                  <button
                    type="button"
                    class="nearby-pair"
                    aria-label={`Pair ${n.name}`}
                    title={`Put ${n.url} in the link field: paste the sign-in link ${n.name} printed (it pairs, not this list)`}
                    onClick={(e) => pair(e, n)}
                  >
                    Pair
                  </button>
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}
