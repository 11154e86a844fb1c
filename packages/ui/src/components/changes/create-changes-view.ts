/**
 * Whether each session's Changes panel is open, and on which turn: kept per session above the
 * views, so it outlives a tab switch.
 */
import { createStore } from "solid-js/store";

/** Which turn the Changes panel shows: a user message id, or "all". */
export type ChangesScope = "all" | string;

/** The Changes panels' state and its actions. */
export interface ChangesView {
  changesOpen(sessionId: string): boolean;
  changesScope(sessionId: string): ChangesScope;
  /** Opens the Changes panel (on one turn, or the whole session); toggles when no scope is given. */
  showChanges(sessionId: string, scope?: ChangesScope): void;
  hideChanges(sessionId: string): void;
}

/** Creates the per-session Changes state (all panels closed). */
export function createChangesView(): ChangesView {
  const [changes, setChanges] = createStore<Record<string, { open: boolean; scope: ChangesScope }>>({});
  return {
    changesOpen: (id) => changes[id]?.open ?? false,
    changesScope: (id) => changes[id]?.scope ?? "all",
    showChanges(id, scope) {
      if (scope === undefined) setChanges(id, { open: !(changes[id]?.open ?? false), scope: changes[id]?.scope ?? "all" });
      else setChanges(id, { open: true, scope });
    },
    hideChanges: (id) => setChanges(id, { open: false, scope: changes[id]?.scope ?? "all" }),
  };
}
