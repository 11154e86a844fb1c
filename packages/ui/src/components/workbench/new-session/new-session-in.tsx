/**
 * "New session in…": a folder typed, picked from the known project folders, or browsed (the hub's
 * folder browser, local mode only). An instance launched there gets the lazy new-session pane; a
 * running OpenCode 2 service gets the session made in that folder; otherwise the hub starts
 * `opencode serve` there and the pane opens on it once its tab is connected. Remote mode hides it all.
 */
import { createResource, createSignal, For, onCleanup, onMount, Show, untrack, type JSX } from "solid-js";
import { Portal } from "solid-js/web";
import { adapterFor } from "../../../adapters";
import { makeHubServers, type HubServers } from "../../../api/hub-servers";
import type { StartJob } from "../../../api/hub-types";
import { createAsyncAction } from "../../common/create-async-action";
import { ErrorText } from "../../common/error-text";
import { Modal } from "../../common/modal";
import { followStartJob } from "./follow-start-job";
import { knownFolders, newSessionTarget } from "./new-session-target";
import { jobEnded } from "./start-progress";
import { StartProgressView } from "./start-progress-view";
import { useWorkspace } from "../../workspace-services";
import "../workbench.css";

/** Props of {@link NewSessionIn}. */
export interface NewSessionInProps {
  /** Opens the lazy new-session pane on an instance. */
  onNewOn: (instanceId: string) => void;
  /** Opens a session that exists. */
  onOpenSession: (sessionId: string) => void;
  /** The hub client (tests); ignored when `control` is given. */
  hub?: HubServers;
  /** Shared with the projects home, which opens the same dialog; made here when absent. */
  control?: NewSessionInControl;
}

/** What the dialog opens with: a folder filled in, and whether Start is pressed at once. */
interface DialogRequest {
  folder: string;
  start: boolean;
}

/** The dialog's state, shared by the sidebar button and the projects home (one probe, one dialog). */
export interface NewSessionInControl {
  /** true: the hub is local and starts servers; false in remote mode (or unreachable); undefined while asking. */
  local: () => boolean | undefined;
  /** Opens the dialog, with `folder` filled in; `start` presses Start for the user. */
  open: (folder?: string, start?: boolean) => void;
  close: () => void;
  request: () => DialogRequest | null;
  hub: HubServers;
}

/** Makes the control; call inside a component (its probe is a resource). */
export function createNewSessionIn(hub: HubServers = makeHubServers()): NewSessionInControl {
  // One probe: the hub answers 403 "remote" in remote mode, where starting servers is not offered. A
  // probe that fails (hub unreachable) says "not local" instead of leaving an unhandled rejection.
  const [local] = createResource(() =>
    hub.folders("").then(
      (l) => l !== null,
      () => false,
    ),
  );
  const [request, setRequest] = createSignal<DialogRequest | null>(null);
  return {
    local: () => (local.loading ? undefined : local()),
    open: (folder = "", start = false) => setRequest({ folder, start }),
    close: () => setRequest(null),
    request,
    hub,
  };
}

/** How long the page waits for a started server's tab to connect. */
const CONNECT_MS = 20_000;

/** The button (hidden in remote mode) and its dialog (opened by the button or the projects home). */
export function NewSessionIn(props: NewSessionInProps): JSX.Element {
  // Read once: the control does not change while the button lives.
  const control = untrack(() => props.control) ?? createNewSessionIn(untrack(() => props.hub));
  return (
    <>
      <Show when={control.local() === true}>
        <button type="button" class="button new-session-in" onClick={() => control.open()}>
          New session in…
        </button>
      </Show>
      {/* Keyed: each request is a fresh dialog with its own folder. */}
      <Show when={control.request()} keyed>
        {(request) => (
          // Out of the sidebar: on a phone it is a drawer that may be off screen.
          <Portal>
            <NewSessionDialog
              {...props}
              hub={control.hub}
              local={control.local() === true}
              folder={request.folder}
              startNow={request.start}
              onClose={control.close}
            />
          </Portal>
        )}
      </Show>
    </>
  );
}

interface DialogProps extends NewSessionInProps {
  hub: HubServers;
  /** Offers the folder browser (the hub serves it in local mode only). */
  local: boolean;
  folder: string;
  /** Presses Start once mounted (the projects home's New session). */
  startNow: boolean;
  onClose: () => void;
}

function NewSessionDialog(props: DialogProps): JSX.Element {
  const { state } = useWorkspace();
  const [folder, setFolder] = createSignal(untrack(() => props.folder));
  const [browsePath, setBrowsePath] = createSignal<string | null>(null);
  const hub = untrack(() => props.hub);
  const [listing] = createResource(browsePath, (p) => hub.folders(p));
  const [step, setStep] = createSignal<string | null>(null);
  // The hub's start job while it runs (and after it failed or was cancelled, to show why).
  const [job, setJob] = createSignal<StartJob | null>(null);
  const pending = createAsyncAction();
  // Its own action: `pending` is busy with the start being cancelled.
  const cancelling = createAsyncAction();
  let closed = false;
  const running = () => {
    const j = job();
    return j !== null && !jobEnded(j.state);
  };
  /** Cancels the hub's start; the server it was booting is stopped. */
  const cancelStart = async () => {
    const j = job();
    if (!j || jobEnded(j.state)) return;
    setJob(await hub.cancelJob(j.id));
  };
  // Closing the dialog mid-start cancels it: nobody would see where it went.
  onCleanup(() => {
    closed = true;
    if (running()) cancelStart().catch((err: unknown) => console.error("cancel the start failed", err));
  });

  const waitConnected = (instanceId: string) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (state.instances[instanceId]?.connection.state === "connected") {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > CONNECT_MS) {
          clearInterval(poll);
          reject(new Error("The server started, but the page could not connect to it — check its tab."));
        }
      }, 100);
    });

  const start = async () => {
    const dir = folder().trim();
    if (!dir.startsWith("/")) throw new Error("Give the folder as a full path (starting with /), or pick one below.");
    const target = newSessionTarget(state, dir);
    if (target.kind === "instance") {
      props.onNewOn(target.instance.info.id);
    } else if (target.kind === "service") {
      setStep("Creating the session in the OpenCode 2 service…");
      const session = await adapterFor(target.instance.info.protocol).client(target.instance.info).createSession({ directory: dir });
      props.onOpenSession(session.id);
    } else {
      setJob(null);
      const ended = await followStartJob(hub, await hub.startJob(dir), setJob, () => closed || job()?.state === "cancelled");
      const instance = ended?.instance;
      if (!ended || ended.state === "cancelled") return;
      if (!instance) throw new Error(ended.message ?? "The hub's start ended without a server.");
      setStep("Connecting to its tab…");
      await waitConnected(instance.id);
      props.onNewOn(instance.id);
    }
    props.onClose();
  };
  const submit = () => void pending.run(start, "start the session").finally(() => setStep(null));
  onMount(() => {
    if (props.startNow) submit();
  });

  return (
    <Modal label="New session in…" onCancel={props.onClose} class="wb-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 class="sa-dialog-title">New session in…</h2>
        <label class="wb-field">
          <span>Folder</span>
          <input
            type="text"
            value={folder()}
            placeholder="/home/you/project"
            onInput={(e) => setFolder(e.currentTarget.value)}
            spellcheck={false}
            autocomplete="off"
          />
        </label>
        <Show when={knownFolders(state).length > 0}>
          <h3 class="wb-sub">Known projects</h3>
          <div class="wb-choices" role="listbox" aria-label="Known projects">
            <For each={knownFolders(state)}>
              {(dir) => (
                <button type="button" role="option" aria-selected={folder() === dir} class="wb-choice" onClick={() => setFolder(dir)}>
                  {dir}
                </button>
              )}
            </For>
          </div>
        </Show>
        <Show when={props.local}>
          <h3 class="wb-sub">Browse</h3>
          <Show
            when={browsePath() !== null}
            fallback={
              <button type="button" class="sv-btn" onClick={() => setBrowsePath("")}>
                Browse your home folder
              </button>
            }
          >
            <Show when={!listing.error} fallback={<p class="sa-error">{(listing.error as Error)?.message ?? String(listing.error)}</p>}>
              <Show when={listing.loading ? undefined : listing()} fallback={<p class="wb-muted">Loading…</p>}>
                {(l) => (
                  <div class="wb-choices" role="listbox" aria-label="Folders">
                    <p class="wb-muted wb-name" title={l().absolute}>
                      {l().absolute}
                    </p>
                    <button
                      type="button"
                      role="option"
                      aria-selected={folder() === l().absolute}
                      class="wb-choice"
                      onClick={() => setFolder(l().absolute)}
                    >
                      ✓ Use this folder
                    </button>
                    <Show when={l().parent !== null}>
                      <button type="button" role="option" aria-selected="false" class="wb-choice" onClick={() => setBrowsePath(l().parent ?? "")}>
                        ↑ ..
                      </button>
                    </Show>
                    <For each={l().folders}>
                      {(f) => (
                        <button type="button" role="option" aria-selected="false" class="wb-choice" onClick={() => setBrowsePath(f.path)}>
                          📁 {f.name}
                        </button>
                      )}
                    </For>
                  </div>
                )}
              </Show>
            </Show>
          </Show>
        </Show>
        <Show when={job()}>{(j) => <StartProgressView job={j()} />}</Show>
        <Show when={step()}>
          <p class="wb-muted" role="status">
            {step()}
          </p>
        </Show>
        <ErrorText message={pending.error() ?? cancelling.error()} class="sa-error" />
        <div class="sa-dialog-buttons">
          <Show
            when={running()}
            fallback={
              <button type="button" class="sv-btn" onClick={() => props.onClose()}>
                Cancel
              </button>
            }
          >
            <button type="button" class="sv-btn" disabled={cancelling.pending()} onClick={() => void cancelling.run(cancelStart, "cancel the start")}>
              Cancel start
            </button>
          </Show>
          <button type="submit" class="sv-btn sv-btn-primary" disabled={pending.pending()}>
            Start
          </button>
        </div>
      </form>
    </Modal>
  );
}
