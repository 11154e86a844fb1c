/**
 * Which workbench panels (Context, Files) are open, per session, so a tab switch keeps them
 * (STYLE rule 11). View state only: nothing here reaches a server.
 */
import { createStore } from "solid-js/store";

/** A workbench panel beside the timeline. */
export type WorkbenchPanel = "context" | "files";

const [open, setOpen] = createStore<Record<string, WorkbenchPanel | undefined>>({});

/** True while `panel` is open on the session. */
export function panelOpen(sessionId: string, panel: WorkbenchPanel): boolean {
  return open[sessionId] === panel;
}

/** Opens `panel` (closing the other one: they share the side column), or closes it when open. */
export function togglePanel(sessionId: string, panel: WorkbenchPanel): void {
  setOpen(sessionId, open[sessionId] === panel ? undefined : panel);
}

/** Closes whichever panel is open. */
export function closePanel(sessionId: string): void {
  setOpen(sessionId, undefined);
}
