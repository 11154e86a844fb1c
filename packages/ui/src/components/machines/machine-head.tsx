/**
 * The head of a peer machine's group in the Instances tab strip: its name and its own connection
 * (the hub's follow of that Switchboard), honest about "offline, retrying" and "signed out". It is
 * a tab too, that machine's own "All": selected, the session list shows that machine's sessions
 * only. Its instance tabs follow it, and their names carry the machine's.
 */
import type { JSX } from "solid-js";
import type { Machine } from "../../api/hub-types";
import { StatusDot } from "../common/status-dot";
import { machineConnection, machineDot, machineWords } from "./machine-status";
import "./machines.css";

/** One machine's head; `title` holds the hub's words on why it is not connected. */
export function MachineHead(props: {
  machine: Machine;
  selected: boolean;
  focusable: boolean;
  onSelect: () => void;
  ref?: (element: HTMLButtonElement) => void;
}): JSX.Element {
  return (
    <button
      ref={(element) => props.ref?.(element)}
      type="button"
      role="tab"
      aria-selected={props.selected ? "true" : "false"}
      aria-label={`${props.machine.name}, every instance: ${machineWords(props.machine)}`}
      tabindex={props.focusable ? 0 : -1}
      onClick={() => props.onSelect()}
      class="machine-tab"
      classList={{ "is-selected": props.selected }}
      data-machine-id={props.machine.id}
      data-machine={props.machine.name}
      data-connection={machineConnection(props.machine.status)}
      title={props.machine.error ?? `${props.machine.name}: ${machineWords(props.machine)}`}
    >
      <StatusDot kind={machineDot(props.machine.status)} />
      <span class="machine-name">{props.machine.name}</span>
      <span class="machine-words">{machineWords(props.machine)}</span>
    </button>
  );
}
