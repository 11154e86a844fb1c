/** What the main pane shows (pure): a session, an instance's overview, a new session's composer, or nothing. */

/** The main pane's content. */
export type PaneView =
  { kind: "session"; sessionId: string } | { kind: "instance"; instanceId: string } | { kind: "new"; instanceId: string } | { kind: "empty" };

/** What decides the pane. */
export interface PaneInput {
  /** The selected instance tab ("all" or an instance id). */
  selected: string;
  /** The active session tab. */
  active: string | null;
  /** `+` was pressed for this instance and nothing was sent or opened since. */
  newFor: string | null;
  /** The user selected the instance tab after last opening a session. */
  overview: boolean;
  /** Whether the selected instance's tab lists the active session. */
  activeListedUnderSelected: boolean;
}

/**
 * A new session's composer while one is being started; under an instance tab its overview, unless
 * the user opened one of that instance's sessions since (another server's session never stays under
 * an instance tab); else the active session.
 */
export function paneView(input: PaneInput): PaneView {
  if (input.newFor !== null) return { kind: "new", instanceId: input.newFor };
  if (input.selected !== "all" && (input.overview || input.active === null || !input.activeListedUnderSelected)) {
    return { kind: "instance", instanceId: input.selected };
  }
  return input.active === null ? { kind: "empty" } : { kind: "session", sessionId: input.active };
}
