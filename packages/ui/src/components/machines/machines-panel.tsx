/**
 * Other machines, at the foot of the session sidebar (so a phone reaches it through ☰): "Add a
 * machine" (another Switchboard's one-time sign-in link), "Add a server" (an OpenCode server by
 * URL and password), and a row per peer machine and per server added by URL with its connection
 * and a Remove button, which asks first (a machine comes back only with a new sign-in link). The
 * peers' instance tabs are grouped under their machine in the tab strip (machine-head.tsx).
 */
import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import { Portal } from "solid-js/web";
import { createAsyncAction } from "../common/create-async-action";
import { ErrorText } from "../common/error-text";
import { StatusDot } from "../common/status-dot";
import { AddDialog } from "./add-dialog";
import { NearbyList } from "./nearby-list";
import { makeMachinesClient, type MachinesClient } from "./machines-api";
import { machineConnection, machineDot, machineWords } from "./machine-status";
import type { InstanceEntry } from "../../store/types";
import { useWorkspace } from "../workspace-services";
import "./machines.css";

/** The panel; `client` defaults to the hub's machines API on the page's origin. */
export function MachinesPanel(props: { client?: MachinesClient }): JSX.Element {
  const { state } = useWorkspace();
  const client = createMemo(() => props.client ?? makeMachinesClient());
  const [dialog, setDialog] = createSignal<"machine" | "server" | null>(null);
  /** The row whose Remove was pressed and waits for "Yes, remove". */
  const [confirming, setConfirming] = createSignal<string | null>(null);
  /** What the last removal of a machine did there (its credential revoked, or not: words). */
  const [removed, setRemoved] = createSignal<string | null>(null);
  const removal = createAsyncAction();
  /** Servers added by URL that the hub still lists (a removed one leaves with the next document). */
  const servers = createMemo(() => Object.values(state.instances).filter((entry) => entry.info.origin === "url" && !entry.gone));
  // The client's refusals are already words the user can act on.
  const remove = (what: "machine" | "server", id: string): Promise<boolean> => {
    setConfirming(null);
    setRemoved(null);
    return removal.run(
      async () => {
        if (what === "server") return client().removeServer(id);
        setRemoved((await client().removeMachine(id)).message);
      },
      `remove the ${what}`,
      (words) => words,
    );
  };
  /** Remove, then "Yes, remove" / "Keep" in its place. */
  const removeButtons = (what: "machine" | "server", id: string, name: string, title: string): JSX.Element => (
    <Show
      when={confirming() === id}
      fallback={
        <button
          type="button"
          class="machine-remove"
          aria-label={`Remove ${name}`}
          title={title}
          disabled={removal.pending()}
          onClick={() => setConfirming(id)}
        >
          Remove
        </button>
      }
    >
      <span class="machine-confirm" role="group" aria-label={`Remove ${name}?`}>
        <button
          type="button"
          class="machine-remove danger"
          aria-label={`Yes, remove ${name}`}
          title={title}
          ref={(el) => queueMicrotask(() => el.focus())}
          onClick={() => void remove(what, id)}
        >
          Yes, remove
        </button>
        <button type="button" aria-label={`Keep ${name}`} onClick={() => setConfirming(null)}>
          Keep
        </button>
      </span>
    </Show>
  );
  return (
    <section class="machines-panel" aria-labelledby="machines-panel-title">
      <div class="machines-panel-head">
        <h2 id="machines-panel-title">Machines</h2>
        <button type="button" onClick={() => setDialog("machine")}>
          Add a machine
        </button>
        <button type="button" onClick={() => setDialog("server")}>
          Add a server
        </button>
      </div>
      <Show when={state.machines.length + servers().length > 0}>
        <ul class="machines-rows">
          <For each={state.machines}>
            {(machine) => (
              <li
                class="machine-row"
                data-machine={machine.name}
                data-connection={machineConnection(machine.status)}
                title={machine.error ?? machine.url}
              >
                <StatusDot kind={machineDot(machine.status)} />
                <span class="machine-name">{machine.name}</span>
                <span class="machine-words">{machineWords(machine)}</span>
                {removeButtons(
                  "machine",
                  machine.id,
                  machine.name,
                  "Forget this machine and revoke its credential there (adding it again needs a new sign-in link)",
                )}
              </li>
            )}
          </For>
          <For each={servers()}>
            {(entry) => (
              <li
                class="server-row"
                data-server-id={entry.info.id}
                data-connection={entry.connection.state}
                title={entry.connection.error ?? undefined}
              >
                <StatusDot kind={entry.connection.state} />
                <span class="machine-name">{serverName(entry)}</span>
                <span class="machine-words">server by URL</span>
                {removeButtons("server", entry.info.id, serverName(entry), "Forget this server and its password")}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ErrorText message={removal.error()} class="machines-error" />
      <Show when={removed()}>
        {(words) => (
          <p class="machines-note" role="status">
            {words()}
          </p>
        )}
      </Show>
      {/* Out of the sidebar: on a phone it is a drawer (transformed, scrolled) that the dialog must not sit in. */}
      <Show when={dialog() === "machine"}>
        <Portal>
          <AddDialog
            title="Add a machine"
            hint={
              <>
                Start Switchboard on the other machine with <code>--remote --host &lt;its address&gt;</code> and paste the one-time sign-in link it
                prints. Its passwords stay there.
                <NearbyList nearby={state.nearby} machines={state.machines} />
              </>
            }
            fields={[{ name: "link", label: "Sign-in link", type: "url", placeholder: "http://192.168.1.5:7420/auth/…" }]}
            submit="Add"
            onSubmit={(v) =>
              client()
                .addMachine(v.link ?? "")
                .then(() => undefined)
            }
            onClose={() => setDialog(null)}
          />
        </Portal>
      </Show>
      <Show when={dialog() === "server"}>
        <Portal>
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
            onSubmit={(v) => client().addServer(v.url ?? "", v.password ?? "")}
            onClose={() => setDialog(null)}
          />
        </Portal>
      </Show>
    </section>
  );
}

/** A server by URL as the panel names it: its folder (as its tab does) and its port; the page never sees its address. */
function serverName(entry: InstanceEntry): string {
  const folder = entry.info.directory?.split(/[\\/]/).filter(Boolean).at(-1);
  return folder ? `${folder} :${entry.info.port}` : `:${entry.info.port}`;
}
