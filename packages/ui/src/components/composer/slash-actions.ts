/**
 * Switchboard's own session actions in the slash list (beside the server's commands): each one
 * runs through the session's actions (sent to its owner), never as prompt text.
 */
import type { SessionActions } from "../../stream/session-actions";
import type { ModelRef } from "../../store/drafts-model";
import type { Session } from "../../store/types";
import type { SlashEntry } from "./composer-input";

/** What an action may do besides calling the session's owner. */
export interface ActionContext {
  session: SessionActions;
  /** The model the composer would send with (compact uses it). */
  model: ModelRef | undefined;
  /** Opens a session in a tab (the fork, a new session). */
  openSession(sessionId: string): void;
  /** Starts a new session on the owner (lazily where the page supports it). */
  newSession(): Promise<void>;
  /** Offers a file download. */
  download(filename: string, text: string, mime: string): void;
}

/** An action: its list entry and what it does; it resolves to words for the user, or null. */
export interface SlashAction extends SlashEntry {
  run(ctx: ActionContext): Promise<string | null>;
}

const action = (name: string, description: string, run: SlashAction["run"]): SlashAction => ({
  name,
  description,
  kind: "action",
  source: "switchboard",
  run,
});

/** The actions, in list order. */
export const SLASH_ACTIONS: readonly SlashAction[] = [
  action("compact", "Summarize the session to free context", async (ctx) => {
    // The server answers once the summary is written.
    await ctx.session.compact(ctx.model);
    return "Compacted: the session goes on from its summary.";
  }),
  action("undo", "Undo the last turn (and its file changes)", async (ctx) => ((await ctx.session.undo()) ? null : "Nothing to undo.")),
  action("redo", "Redo the last undone turn", async (ctx) => ((await ctx.session.redo()) ? null : "Nothing to redo.")),
  action("fork", "Fork the session into a new one and open it", async (ctx) => {
    const fork: Session = await ctx.session.fork();
    ctx.openSession(fork.id);
    return null;
  }),
  action("export", "Download the session as Markdown", async (ctx) => {
    const doc = await ctx.session.exportMarkdown();
    ctx.download(doc.filename, doc.markdown, "text/markdown");
    return `Exported ${doc.filename}.`;
  }),
  action("new", "Start a new session on this server", async (ctx) => {
    await ctx.newSession();
    return null;
  }),
];

/** Offers `text` as a file download (one helper for the menu and the slash command). */
export { downloadText } from "../common/download";
