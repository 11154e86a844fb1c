/**
 * What Enter does with a draft: a prompt (with agent, model and file parts), a server command
 * (`POST /session/{id}/command`), one of Switchboard's session actions, or a `!shell` command.
 * The draft is taken out at once and put back, with the error in words, if the owner refuses it.
 */
import type { ComposerApi, ServerCommand } from "../../api/composer-api";
import type { DraftStore } from "../../store/drafts";
import type { ModelRef } from "../../store/drafts-model";
import type { PromptExtras, WorkspaceActions } from "../../store/types";
import { newSessionInstance } from "../../store/ownership";
import { parseSubmission } from "./composer-input";
import { SLASH_ACTIONS, type ActionContext } from "./slash-actions";
import { errorMessage } from "../../store/error-message";

/** What a submit reads from the owner, once its lists have answered. */
export interface SubmitChoices {
  /** The owner's composer API (null: no running owner). */
  api: ComposerApi | null;
  agent: string | undefined;
  model: ModelRef | undefined;
  /** The owner's commands (a `/name` not listed here or among the actions is a prompt). */
  commands: readonly ServerCommand[];
  /** While the session runs: queue the prompt or steer the turn (only where the owner offers the choice). */
  delivery?: "steer" | "queue";
}

/** Everything a submit needs. */
export interface SubmitDeps {
  /** The draft's key (the session id). */
  key: string;
  sessionId: string;
  drafts: DraftStore;
  sendPrompt: WorkspaceActions["sendPrompt"];
  /**
   * The owner's choices, read after the draft was taken (the composer clears at once): the
   * composer first waits for a just-connected owner's lists, so a prompt carries the model shown
   * and a `/command` is not sent as text.
   */
  choices: () => Promise<SubmitChoices>;
  actionContext: () => ActionContext;
}

/** Finds the action or server command called `name` (the server's own command wins a tie). */
export function slashTarget(name: string, commands: readonly ServerCommand[]): "command" | "action" | null {
  if (commands.some((c) => c.name === name)) return "command";
  if (SLASH_ACTIONS.some((a) => a.name === name)) return "action";
  return null;
}

/** Submits the draft of `deps.key`; resolves to a notice in words (or null). Never rejects. */
export async function submitDraft(deps: SubmitDeps): Promise<string | null> {
  const { key, sessionId, drafts } = deps;
  const prompt = drafts.take(key);
  let failed = "Not sent";
  try {
    const { api, agent, model, commands, delivery } = await deps.choices();
    const what = parseSubmission(prompt.text, (name) => slashTarget(name, commands) !== null);
    const files = prompt.files.map((f) => ({ type: "file" as const, mime: f.mime, url: f.url, filename: f.filename }));
    const choice = { ...(agent ? { agent } : {}), ...(model ? { model } : {}) };
    if (what.kind !== "prompt" && newSessionInstance(sessionId) !== null) {
      throw new Error("This session starts with its first prompt: send one, then run commands here.");
    }
    if (what.kind === "shell") {
      if (!api) throw new Error("No running OpenCode owns this session.");
      await api.runShell(sessionId, { command: what.command, agent: agent ?? "build", ...(model ? { model } : {}) });
      return null;
    }
    if (what.kind === "slash" && slashTarget(what.name, commands) === "command") {
      if (!api) throw new Error("No running OpenCode owns this session.");
      await api.runCommand(sessionId, { command: what.name, arguments: what.args, ...choice, ...(files.length ? { parts: files } : {}) });
      return null;
    }
    if (what.kind === "slash") {
      const action = SLASH_ACTIONS.find((a) => a.name === what.name);
      if (action) {
        failed = `Could not ${action.name}`;
        const notice = await action.run(deps.actionContext());
        // An action uses no text or files: whatever was attached stays for the next prompt.
        if (prompt.files.length) drafts.addFiles(key, prompt.files);
        return notice;
      }
    }
    const extras: PromptExtras = { ...choice, ...(files.length ? { files } : {}), ...(delivery ? { delivery } : {}) };
    await (Object.keys(extras).length ? deps.sendPrompt(sessionId, prompt.text, extras) : deps.sendPrompt(sessionId, prompt.text));
    return null;
  } catch (err) {
    console.error("composer: submit failed", sessionId, err);
    // Back into this session's draft, wherever the user is now, before anything typed meanwhile.
    drafts.restore(key, prompt, `${failed}: ${errorMessage(err)}`);
    return null;
  }
}
