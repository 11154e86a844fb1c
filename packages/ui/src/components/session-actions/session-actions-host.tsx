/**
 * One place that runs session actions for every surface (header menu, list row context menu,
 * message buttons, palette, shortcuts): it asks for names and confirmations in its own dialogs,
 * reports the outcome in words, and hands out the Changes panels' per-session state
 * (changes/create-changes-view.ts), which outlives a tab switch.
 */
import { createContext, createSignal, Show, useContext, type JSX } from "solid-js";
import { createChangesView, type ChangesScope, type ChangesView } from "../changes/create-changes-view";
import { createAnnouncer } from "../common/create-announcer";
import type { Message } from "../../store/types";
import { isReverted } from "../../store/undo-redo";
import { sessionActionItems, type SessionActionId, type SessionActionItem } from "./action-catalog";
import { downloadText } from "../common/download";
import { RenameDialog, ConfirmDeleteDialog } from "./session-dialogs";
import { RevertDialog } from "../workbench/revert/revert-button";
import "./session-actions.css";
import { errorMessage } from "../../store/error-message";
import { useWorkspace } from "../workspace-services";

export type { ChangesScope };

/** What surfaces call. */
export interface SessionActionsApi extends ChangesView {
  items(sessionId: string): SessionActionItem[];
  run(sessionId: string, id: SessionActionId): void;
  /** Forks from a message (the fork opens): before a user prompt, or after an assistant reply. */
  forkFrom(message: Message): void;
  /** Says something in the status line (e.g. "Copied."). */
  announce(text: string, error?: boolean): void;
  /** Opens the Changes panel on the turn an assistant message belongs to (its user message). */
  showTurnChanges(sessionId: string, messageId: string): void;
  /** The session's directory (paths are shown relative to it). */
  directoryOf(sessionId: string): string;
  /** Asks "Revert to here" for a user message (the dialog lists what is undone, then reverts). */
  revertFrom(message: Message): void;
  /** True when the message is part of an undone turn (the session's revert point or after it). */
  reverted(sessionId: string, messageId: string): boolean;
}

const Ctx = createContext<SessionActionsApi>();

/** The host's API, or undefined outside a host (unit tests of single views). */
export function useSessionActions(): SessionActionsApi | undefined {
  return useContext(Ctx);
}

/** Provides session actions to everything inside it (on the workspace context's store and actions). */
export function SessionActionsHost(props: {
  openSession: (sessionId: string) => void;
  /** After a delete: the tab of a session that no longer exists can go. */
  onDeleted?: (sessionId: string) => void;
  children: JSX.Element;
}): JSX.Element {
  const { state, actions } = useWorkspace();
  const [renaming, setRenaming] = createSignal<string | null>(null);
  const [deleting, setDeleting] = createSignal<string | null>(null);
  /** The user message whose "Revert to here" is being asked (the dialog outlives its timeline row). */
  const [reverting, setReverting] = createSignal<Message | null>(null);
  const { status, announce } = createAnnouncer();
  const changes = createChangesView();
  const title = (id: string) => state.sessions[id]?.info.title || "Untitled session";
  /** Runs an action, saying how it went; failures keep the server's words. */
  const attempt = async (what: string, fn: () => Promise<string | null>) => {
    try {
      const done = await fn();
      if (done) announce(done);
    } catch (err) {
      console.error(`switchboard: ${what} failed`, err);
      announce(`Could not ${what}: ${errorMessage(err)}`, true);
    }
  };
  const fork = (sessionId: string, messageId: string | null) =>
    void attempt("fork the session", async () => {
      const created = await actions.session(sessionId).fork(messageId);
      props.openSession(created.id);
      return `Forked into “${created.title || "a new session"}”.`;
    });

  const api: SessionActionsApi = {
    items: (sessionId) => sessionActionItems(state, sessionId),
    run(sessionId, id) {
      const ops = () => actions.session(sessionId);
      switch (id) {
        case "rename":
          setRenaming(sessionId);
          return;
        case "delete":
          setDeleting(sessionId);
          return;
        case "archive":
        case "unarchive":
          void attempt(`${id} the session`, async () => {
            await ops().setArchived(id === "archive");
            return id === "archive" ? `Archived “${title(sessionId)}” (Show archived lists it).` : `Unarchived “${title(sessionId)}”.`;
          });
          return;
        case "fork":
          fork(sessionId, null);
          return;
        case "undo":
          void attempt("undo the last turn", async () => ((await ops().undo()) ? "Undid the last turn — Redo brings it back." : "Nothing to undo."));
          return;
        case "redo":
          void attempt("redo the turn", async () => ((await ops().redo()) ? "Restored the turn." : "Nothing was undone."));
          return;
        case "compact":
          void attempt("compact the session", async () => {
            await ops().compact();
            return "Compacting — the summary appears in the timeline.";
          });
          return;
        case "export":
          void attempt("export the session", async () => {
            const file = await ops().exportMarkdown();
            downloadText(file.filename, file.markdown);
            return `Downloaded ${file.filename}.`;
          });
          return;
        case "changes":
          api.showChanges(sessionId);
          return;
      }
    },
    forkFrom(message) {
      if (message.role === "user") return fork(message.sessionID, message.id);
      const list = state.messages[message.sessionID] ?? [];
      const next = list[list.findIndex((m) => m.id === message.id) + 1];
      fork(message.sessionID, next?.id ?? null);
    },
    announce,
    ...changes,
    showTurnChanges(sessionId, messageId) {
      const message = state.messages[sessionId]?.find((m) => m.id === messageId);
      api.showChanges(sessionId, message?.role === "assistant" ? message.parentID : messageId);
    },
    directoryOf: (sessionId) => state.sessions[sessionId]?.info.directory ?? "",
    revertFrom: (message) => setReverting(message),
    reverted: (sessionId, messageId) => isReverted(state.sessions[sessionId]?.info, messageId),
  };

  return (
    <Ctx.Provider value={api}>
      {props.children}
      <Show when={renaming()}>
        {(id) => (
          <RenameDialog
            initial={state.sessions[id()]?.info.title ?? ""}
            onCancel={() => setRenaming(null)}
            // eslint-disable-next-line solid/reactivity -- a component's on* prop is a callback it calls from its own handler, not a tracked scope; eslint-plugin-solid 0.14 knows that only for DOM elements
            onSubmit={async (next) => {
              const sessionId = id();
              await actions.session(sessionId).rename(next);
              setRenaming(null);
              announce(`Renamed to “${next.trim()}”.`);
            }}
          />
        )}
      </Show>
      <Show when={deleting()}>
        {(id) => (
          <ConfirmDeleteDialog
            title={title(id())}
            onCancel={() => setDeleting(null)}
            // eslint-disable-next-line solid/reactivity -- a component's on* prop is a callback it calls from its own handler, not a tracked scope; eslint-plugin-solid 0.14 knows that only for DOM elements
            onConfirm={async () => {
              // Read once: after setDeleting(null) this <Show>'s accessor is stale.
              const sessionId = id();
              const name = title(sessionId);
              await actions.session(sessionId).remove();
              setDeleting(null);
              props.onDeleted?.(sessionId);
              announce(`Deleted “${name}”.`);
            }}
          />
        )}
      </Show>
      <Show when={reverting()} keyed>
        {(message) => (
          <RevertDialog
            message={message}
            session={state.sessions[message.sessionID]}
            messages={state.messages[message.sessionID] ?? []}
            parts={state.parts}
            actions={actions.session(message.sessionID)}
            onDone={(words) => announce(words)}
            onClose={() => setReverting(null)}
          />
        )}
      </Show>
      <div class="sa-status" role="status" aria-live="polite" classList={{ "is-error": status()?.error ?? false, "is-on": status() !== null }}>
        {status()?.text ?? ""}
      </div>
    </Ctx.Provider>
  );
}
