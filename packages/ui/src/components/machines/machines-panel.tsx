/**
 * Other machines: "Add a machine" (another Switchboard's one-time sign-in link), "Add a server"
 * (an OpenCode server by URL and password), and one tab per peer machine with its own connection
 * state. Mounted once beside the app (index.tsx); reads the hub's instance stream for `machines`.
 */
import { ErrorText } from "../common/error-text";
import { createSignal, For, Show, type JSX } from "solid-js";
import { render } from "solid-js/web";
import type { InstancesDocument, Machine } from "../../api/hub-types";

/** A Switchboard announced on the LAN (the hub's `nearby`, with --mdns). */
type Nearby = { name: string; url: string };
import { AddDialog } from "./add-dialog";
import { makeMachinesClient, type MachinesClient } from "./machines-api";
import { machineConnection, machineWords } from "./machine-status";
import "./machines.css";

/** The bar; `machines` is a signal the mount feeds from the hub's stream. */
export function MachinesBar(props: { client: MachinesClient; machines: () => Machine[]; nearby?: () => Nearby[] }): JSX.Element {
  const [dialog, setDialog] = createSignal<"machine" | "server" | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const remove = async (machine: Machine): Promise<void> => {
    setError(null);
    try {
      await props.client.removeMachine(machine.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div class="machines-bar">
      <div class="machines-list" role="group" aria-label="Machines">
        <For each={props.machines()}>
          {(machine) => (
            <span
              class="machine-tab"
              data-machine-id={machine.id}
              data-machine={machine.name}
              data-connection={machineConnection(machine.status)}
              title={machine.error ?? machine.url}
            >
              <span class={`status-dot machine-dot is-${machine.status}`} aria-hidden="true" />
              <span class="machine-name">{machine.name}</span>
              <span class="machine-words">{machineWords(machine)}</span>
              <button type="button" class="machine-remove" aria-label={`Remove ${machine.name}`} onClick={() => void remove(machine)}>
                ×
              </button>
            </span>
          )}
        </For>
        <button type="button" onClick={() => setDialog("machine")}>
          Add a machine
        </button>
        <button type="button" onClick={() => setDialog("server")}>
          Add a server
        </button>
      </div>
      <ErrorText message={error()} class="machines-error" />
      <Show when={dialog() === "machine"}>
        <AddDialog
          title="Add a machine"
          hint={
            <>
              Start Switchboard on the other machine with <code>--remote --host &lt;its address&gt;</code> and paste the one-time sign-in link it
              prints. Its passwords stay there.
              <Show when={(props.nearby?.() ?? []).length > 0}>
                <ul class="machines-nearby" aria-label="Switchboards on this network">
                  <For each={props.nearby?.() ?? []}>
                    {(n) => (
                      <li data-nearby={n.name}>
                        {n.name} <span class="machine-words">{n.url}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          }
          fields={[{ name: "link", label: "Sign-in link", type: "url", placeholder: "http://192.168.1.5:7420/auth/…" }]}
          submit="Add"
          onSubmit={(v) => props.client.addMachine(v.link ?? "").then(() => undefined)}
          onClose={() => setDialog(null)}
        />
      </Show>
      <Show when={dialog() === "server"}>
        <AddDialog
          title="Add a server"
          hint={
            <>
              An OpenCode server on another host (started with <code>--hostname</code>). The hub keeps the password and relays the page to it.
            </>
          }
          fields={[
            { name: "url", label: "URL", type: "url", placeholder: "http://192.168.1.5:4096" },
            { name: "password", label: "Password", type: "password" },
          ]}
          submit="Add"
          onSubmit={(v) => props.client.addServer(v.url ?? "", v.password ?? "")}
          onClose={() => setDialog(null)}
        />
      </Show>
    </div>
  );
}

/** Mounts the bar and feeds it the hub's `machines` (its own stream: the app's store does not keep them). */
export function mountMachines(parent: HTMLElement, client: MachinesClient = makeMachinesClient()): void {
  const [machines, setMachines] = createSignal<Machine[]>([]);
  const [nearby, setNearby] = createSignal<Nearby[]>([]);
  const stream = new EventSource("/api/instances/stream");
  stream.onmessage = (event: MessageEvent<string>) => {
    try {
      const doc = JSON.parse(event.data) as InstancesDocument;
      setMachines(doc.machines ?? []);
      setNearby(doc.nearby ?? []);
    } catch (err) {
      console.warn("Switchboard: unreadable instances document", err);
    }
  };
  const host = document.createElement("div");
  parent.append(host);
  render(() => <MachinesBar client={client} machines={machines} nearby={nearby} />, host);
}
