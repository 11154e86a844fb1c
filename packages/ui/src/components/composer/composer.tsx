/**
 * The prompt box: Enter sends, Shift+Enter breaks the line, IME composition is respected.
 * `/` lists the owner's commands and Switchboard's session actions, `@` finds files, `!` runs a
 * shell command; Agent and Model pickers, attachments (paste, drop, Attach) and prompt history.
 * The draft lives in the draft store (per session, across remounts and reloads); a failed send
 * puts it back into its own session's draft and says why, even after the user moved on.
 * A session no running instance owns cannot send.
 */
import { Show, createMemo, createSignal } from "solid-js";
import type { State, WorkspaceActions } from "../../store/types";
import { sharedDrafts, type DraftStore } from "../../store/drafts";
import type { ModelRef } from "../../store/drafts-model";
import { makeComposerApi, type ComposerApi } from "../../api/composer-api";
import { sessionLookup } from "../../store/session-lookup";
import { isRunning } from "../../store/ownership";
import { unavailableSessionActions } from "../../stream/session-actions";
import { instanceLabel, noOwnerReason, promptOwner } from "../session-owner";
import { insertMention, promptHistory, recall, step, type SlashEntry } from "./composer-input";
import { createComposerData } from "./create-composer-data";
import { createFileSearch } from "./create-file-search";
import { createSuggest } from "./create-suggest";
import { submitDraft } from "./composer-submit";
import { SLASH_ACTIONS, downloadText, type ActionContext } from "./slash-actions";
import { mentionFile, readAttachments } from "./attachments";
import { SuggestionList, optionId } from "./suggestion-list";
import { Pickers } from "./pickers";
import { FileChips } from "./file-chips";
import "../controls.css";
import "./composer.css";

/** Props of {@link Composer}. */
export interface ComposerProps {
  sessionId: string;
  state: State;
  actions: Pick<WorkspaceActions, "sendPrompt" | "abort"> & Partial<Pick<WorkspaceActions, "session" | "createSession">>;
  /** Where drafts live (default: the page's shared store). */
  drafts?: DraftStore;
  /** The owner's composer API (default: built from the owner; tests pass a fake, null for none). */
  api?: ComposerApi | null;
  /** Opens a session in a tab (the fork of `/fork`). */
  onOpenSession?: (sessionId: string) => void;
  /** Opens a lazy new session on an instance (`/new`); without it `/new` creates one at once. */
  onNewSession?: (instanceId: string) => void;
}

const words = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The composer textarea's element id for a session. */
const inputId = (sessionId: string): string => `composer-${sessionId}`;

/**
 * Focuses a session's composer once its view has rendered (e.g. right after "New session"
 * opened it), so the user can type at once.
 */
export function focusComposer(sessionId: string): void {
  requestAnimationFrame(() => document.getElementById(inputId(sessionId))?.focus());
}

/** Renders the composer of one session. */
export function Composer(props: ComposerProps) {
  const drafts = props.drafts ?? sharedDrafts();
  const key = () => props.sessionId;
  const draft = () => drafts.get(key());
  const text = () => draft().text;
  const [sending, setSending] = createSignal(false);
  const [stopping, setStopping] = createSignal(false);
  /** Stop's own failure; a failed send's words live in the draft. */
  const [stopError, setStopError] = createSignal<string | null>(null);
  /** Words about what just happened (an action's result, a refused attachment). */
  const [notice, setNotice] = createSignal<string | null>(null);
  const [caret, setCaret] = createSignal(0);
  let input: HTMLTextAreaElement | undefined;
  let fileInput: HTMLInputElement | undefined;
  const error = () => draft().error ?? stopError();

  const session = () => props.state.sessions[props.sessionId];
  const owner = createMemo(() => promptOwner(props.state, props.sessionId));
  /** The session's directory when its owner serves it (never make a server boot another directory). */
  const directory = createMemo(() => {
    const d = session()?.info.directory;
    return d && d === owner()?.info.directory ? d : null;
  });
  const api = createMemo<ComposerApi | null>(() => {
    if (props.api !== undefined) return props.api;
    const o = owner();
    return o ? makeComposerApi(o.info, directory()) : null;
  });
  const data = createComposerData(() => {
    const a = api();
    const o = owner();
    return a ? { key: `${o?.info.id ?? "test"}|${directory() ?? ""}`, api: a } : null;
  });
  const failed = (what: string, err: unknown) => (err ? `Could not load ${what}: ${words(err)}` : null);
  const commands = () => (data.commands.error ? [] : (data.commands() ?? []));
  const agents = () => (data.agents.error ? undefined : data.agents());
  const models = () => (data.models.error ? undefined : data.models());
  const agent = (): string | undefined => {
    const list = agents() ?? [];
    const chosen = draft().agent;
    if (chosen && list.some((a) => a.name === chosen)) return chosen;
    return list.find((a) => a.name === "build")?.name ?? list[0]?.name;
  };
  const model = (): ModelRef | undefined => draft().model ?? models()?.default ?? undefined;

  const entries = createMemo<SlashEntry[]>(() => {
    const server = commands().map((c) => ({ name: c.name, description: c.description, kind: "command" as const, source: c.source }));
    const taken = new Set(server.map((c) => c.name));
    return [...server, ...SLASH_ACTIONS.filter((a) => !taken.has(a.name))];
  });
  const files = createFileSearch(() => {
    const a = api();
    return a ? (q, signal) => a.findFiles(q, signal) : null;
  });
  const suggest = createSuggest({ text, caret, entries, entriesError: () => failed("commands", data.commands.error), files });
  const history = createMemo(() => promptHistory(props.state.messages[props.sessionId] ?? [], props.state.parts));
  let recallPos: number | null = null;
  let tabReleased = false;

  /** Stop only while a connected owner says the session runs (an exited owner's "busy" is unknown). */
  const busy = () => isRunning(props.state, props.sessionId);
  /** Why Send is unavailable: a deep link's session not listed yet, or no running owner. */
  const noOwnerWords = () =>
    sessionLookup(props.state, props.sessionId).kind === "searching"
      ? "Finding this session's server… Your message is kept; Send becomes available once it is found."
      : noOwnerReason(session(), props.state.instances, props.state.unreachable);
  const canSend = () => !!owner() && !sending() && (text().trim() !== "" || draft().files.length > 0);

  const setText = (value: string, at = value.length) => {
    drafts.setText(key(), value);
    queueMicrotask(() => {
      input?.setSelectionRange(at, at);
      setCaret(at);
    });
  };

  const actionContext = (): ActionContext => {
    const id = props.sessionId;
    const o = owner();
    return {
      session: props.actions.session?.(id) ?? unavailableSessionActions("Session actions are not available here."),
      model: model(),
      openSession: (sid) => props.onOpenSession?.(sid),
      newSession: async () => {
        if (o && props.onNewSession) return props.onNewSession(o.info.id);
        if (!o || !props.actions.createSession) throw new Error("No running OpenCode to start a session on.");
        const created = await props.actions.createSession(o.info.id);
        props.onOpenSession?.(created.id);
      },
      download: downloadText,
    };
  };

  const send = async () => {
    if (!canSend()) return;
    setSending(true);
    setStopError(null);
    setNotice(null);
    recallPos = null;
    try {
      const result = await submitDraft({
        key: key(),
        sessionId: props.sessionId,
        drafts,
        sendPrompt: props.actions.sendPrompt,
        api: api(),
        agent: agents() ? agent() : undefined,
        model: models() ? model() : undefined,
        commands: commands(),
        actionContext,
      });
      setNotice(result);
    } finally {
      setSending(false);
    }
  };

  const stop = async () => {
    setStopping(true);
    setStopError(null);
    try {
      await props.actions.abort(props.sessionId);
    } catch (err) {
      console.error("abort failed", props.sessionId, err);
      setStopError(`Could not stop: ${words(err)}`);
    } finally {
      setStopping(false);
    }
  };

  /** Enter/Tab/click on an option: a server command is completed for its arguments, an action runs, a file is mentioned. */
  const choose = (index: number) => {
    const entry = suggest.slashAt(index);
    if (suggest.open() === "slash" && entry) {
      if (entry.kind === "action") {
        drafts.setText(key(), `/${entry.name}`);
        void send();
      } else setText(`/${entry.name} `);
      return;
    }
    const path = suggest.pathAt(index);
    const t = suggest.trigger();
    if (path && t?.kind === "mention") {
      const next = insertMention(text(), t, path);
      drafts.addFiles(key(), [mentionFile(api()?.directory() ?? null, path)]);
      setText(next.text, next.caret);
    }
  };

  const attach = async (list: readonly File[]) => {
    if (!list.length) return;
    const target = key();
    const { attached, refused } = await readAttachments(list);
    if (attached.length) drafts.addFiles(target, attached);
    setNotice(refused.length ? refused.join(" ") : null);
  };

  const cycleAgent = (delta: number) => {
    const list = agents() ?? [];
    if (!list.length) return;
    const at = list.findIndex((a) => a.name === agent());
    const next = list[step(at < 0 ? 0 : at, list.length, delta)];
    if (next) drafts.setAgent(key(), next.name);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // keyCode 229: Safari reports the Enter that ends an IME composition this way.
    if (e.isComposing || e.keyCode === 229) return;
    const released = tabReleased;
    tabReleased = false;
    if (suggest.open()) {
      const count = suggest.options().length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        suggest.move(e.key === "ArrowDown" ? 1 : -1);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        suggest.dismiss();
        return;
      }
      if ((e.key === "Enter" && !e.shiftKey) || (e.key === "Tab" && !e.shiftKey)) {
        if (count > 0) {
          e.preventDefault();
          choose(suggest.active());
          return;
        }
        if (e.key === "Tab") {
          e.preventDefault();
          return;
        }
      }
    }
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      void send();
      return;
    }
    if (e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey && !released && (agents()?.length ?? 0) > 1) {
      // As in the TUI, Tab cycles agents; Escape first lets the next Tab move focus on.
      e.preventDefault();
      cycleAgent(e.shiftKey ? -1 : 1);
      return;
    }
    if (e.key === "Escape") tabReleased = true;
    if ((e.key === "ArrowUp" || e.key === "ArrowDown") && !e.shiftKey && !e.altKey) {
      const recalling = recallPos !== null && text() === history()[recallPos];
      if (text() !== "" && !recalling) return;
      const next = recall(history(), recalling ? recallPos : null, e.key === "ArrowUp" ? -1 : 1);
      if (!next) return;
      e.preventDefault();
      recallPos = next.pos;
      setText(next.text);
    }
  };

  const listId = () => `composer-list-${props.sessionId}`;
  const trackCaret = (e: Event) => setCaret((e.currentTarget as HTMLTextAreaElement).selectionStart ?? 0);

  return (
    <form
      class="sv-composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onDragOver={(e) => {
        if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        const dropped = [...(e.dataTransfer?.files ?? [])];
        if (!dropped.length) return;
        e.preventDefault();
        void attach(dropped);
      }}
    >
      <div class="sv-composer-box">
        <Show when={suggest.open()}>
          <SuggestionList
            id={listId()}
            label={suggest.open() === "slash" ? "Commands" : "Files"}
            options={suggest.options()}
            active={suggest.active()}
            empty={suggest.empty()}
            onChoose={choose}
            onHover={suggest.setActive}
          />
        </Show>
        <FileChips files={draft().files} onRemove={(id) => drafts.removeFile(key(), id)} />
        <label class="sv-visually-hidden" for={inputId(props.sessionId)}>
          Message
        </label>
        <textarea
          ref={input}
          id={inputId(props.sessionId)}
          class="sv-composer-input"
          rows={3}
          placeholder={
            owner() ? "Message the agent — Enter to send, Shift+Enter for a new line, / commands, @ files, ! shell" : "Cannot send: see below"
          }
          value={text()}
          onInput={(e) => {
            recallPos = null;
            drafts.setText(key(), e.currentTarget.value);
            trackCaret(e);
          }}
          onKeyUp={trackCaret}
          onClick={trackCaret}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const pasted = [...(e.clipboardData?.files ?? [])];
            if (!pasted.length) return;
            e.preventDefault();
            void attach(pasted);
          }}
          aria-describedby={`composer-status-${props.sessionId}`}
          aria-controls={suggest.open() ? listId() : undefined}
          aria-activedescendant={suggest.open() && suggest.options().length ? optionId(listId(), suggest.active()) : undefined}
          aria-autocomplete="list"
        />
      </div>
      <div class="sv-composer-bar">
        <Show when={owner()}>
          <Pickers
            agents={agents()}
            agent={agent()}
            agentsError={failed("agents", data.agents.error)}
            models={models()}
            model={model()}
            modelsError={failed("models", data.models.error)}
            onAgent={(name) => drafts.setAgent(key(), name)}
            onModel={(m) => drafts.setModel(key(), m)}
          />
          <button type="button" class="sv-btn sv-btn-attach" onClick={() => fileInput?.click()}>
            Attach
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            class="sv-visually-hidden"
            tabindex="-1"
            aria-hidden="true"
            onChange={(e) => {
              const picked = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = "";
              void attach(picked);
            }}
          />
        </Show>
        <div class="sv-composer-status" id={`composer-status-${props.sessionId}`}>
          <Show when={owner()} fallback={<span class="sv-composer-no-owner">{noOwnerWords()}</span>}>
            {(o) => (
              <span class="sv-muted" title={o().info.url}>
                → {instanceLabel(o().info)}
              </span>
            )}
          </Show>
        </div>
        <Show when={busy()}>
          <button type="button" class="sv-btn sv-btn-stop" disabled={stopping()} onClick={() => void stop()}>
            Stop
          </button>
        </Show>
        <button type="submit" class="sv-btn sv-btn-primary" disabled={!canSend()}>
          Send
        </button>
      </div>
      <Show when={notice()}>
        {(n) => (
          <p class="sv-composer-notice" role="status">
            {n()}
          </p>
        )}
      </Show>
      <Show when={error()}>
        {(e) => (
          <p class="sv-composer-error" role="alert">
            {e()}
          </p>
        )}
      </Show>
    </form>
  );
}
