/**
 * Actions on one session (rename, archive, delete, fork, undo/redo, compact, diff, export), each
 * sent to the session's owner at call time. Changes to a session reach the store through the owner's
 * `session.updated` events (the engine replays those over a resync that was loading meanwhile, which
 * a direct write would not survive); only a fork, a new session to open at once, is stored directly.
 */
import type { SessionOps } from "../api/session-ops";
import type { Instance, Session, SessionActions, State, StoreMutations } from "../store/types";
import { lastModel } from "../store/last-model";
import { redoStep, undoTarget } from "../store/undo-redo";

export type { SessionActions };

/** The owner of a session as the workspace actions resolve it (throws with words when there is none). */
export interface ResolvedOwner {
  instance: Instance;
  ops: SessionOps;
  directory: string | null;
  session: Session;
  busy: boolean;
  abort(): Promise<void>;
}

/** Builds the actions of one session over an owner resolver and the store. */
export function makeSessionActions(
  sessionId: string,
  deps: { resolve: () => ResolvedOwner; state: State; mutations: StoreMutations },
): SessionActions {
  const { state, mutations } = deps;
  const messages = () => state.messages[sessionId] ?? [];
  const keep = (o: ResolvedOwner, session: Session) => mutations.upsertSession(o.instance.id, session);
  // Resolving inside the promise turns "no owner" into a rejection, not a throw at the call site.
  const run = <T>(fn: (o: ResolvedOwner) => Promise<T>): Promise<T> => Promise.resolve().then(() => fn(deps.resolve()));

  return {
    rename: (title) => run(async (o) => void (await o.ops.rename(sessionId, title, o.directory))),
    setArchived: (archived) => run(async (o) => void (await o.ops.setArchived(sessionId, archived, o.directory))),
    remove: () => run((o) => o.ops.remove(sessionId, o.directory)),
    fork: (messageID) =>
      run(async (o) => {
        const fork = await o.ops.fork(sessionId, messageID, o.directory);
        keep(o, fork);
        return fork;
      }),
    undo: () =>
      run(async (o) => {
        const target = undoTarget(o.session, messages());
        if (!target) return false;
        // As the TUI does: a turn still running is stopped before it is reverted.
        if (o.busy) await o.abort();
        await o.ops.revert(sessionId, target, o.directory);
        return true;
      }),
    redo: () =>
      run(async (o) => {
        const step = redoStep(o.session, messages());
        if (!step) return false;
        if (step.kind === "revert") await o.ops.revert(sessionId, step.messageID, o.directory);
        else await o.ops.unrevert(sessionId, o.directory);
        return true;
      }),
    revertTo: (messageID) =>
      run(async (o) => {
        if (o.busy) await o.abort();
        await o.ops.revert(sessionId, messageID, o.directory);
      }),
    restoreAll: () => run((o) => o.ops.unrevert(sessionId, o.directory)),
    compact: (model) =>
      run(async (o) => {
        const chosen = model ?? lastModel(o.session, messages());
        if (!chosen) throw new Error("Compacting needs a model, and this session has none yet — send a prompt first.");
        await o.ops.summarize(sessionId, chosen, o.directory);
      }),
    diff: (messageID) => run((o) => o.ops.diff(sessionId, { messageID, directory: o.directory })),
    exportMarkdown: () => run((o) => o.ops.exportMarkdown(o.session, o.directory)),
  };
}

/** Session actions that all reject with `reason` (fixtures and demo pages). */
export function unavailableSessionActions(reason = "Not available here."): SessionActions {
  const no = () => Promise.reject(new Error(reason));
  return {
    rename: no,
    setArchived: no,
    remove: no,
    fork: no,
    undo: no,
    redo: no,
    revertTo: no,
    restoreAll: no,
    compact: no,
    diff: no,
    exportMarkdown: no,
  };
}
