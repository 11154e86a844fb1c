/**
 * The prompt box: Enter sends, Shift+Enter breaks the line, IME composition is respected.
 * `/` lists the owner's commands and Switchboard's session actions, `@` finds files, `!` runs a
 * shell command; Agent and Model pickers, attachments (paste, drop, Attach) and prompt history.
 * The draft lives in the draft store (per session, across remounts and reloads); a failed send
 * puts it back into its own session's draft and says why, even after the user moved on.
 * A session no running instance owns cannot send.
 */
import { Show, createMemo, createSignal, untrack } from "solid-js";
import type { WorkspaceActions } from "../../store/types";
import type { DraftStore } from "../../store/drafts";
import type { ComposerApi } from "../../api/composer-api";
import { lastAgent, lastModel } from "../../store/last-model";
import { sessionLookup } from "../../store/session-lookup";
import { isRunning } from "../../store/ownership";
import { unavailableSessionActions } from "../../stream/session-actions";
import { instanceLabel, noOwnerReason, promptOwner } from "../session-owner";
import { insertMention, promptHistory, recall, step } from "./composer-input";
import { createComposerChoices } from "./create-composer-choices";
import { createFileSearch } from "./create-file-search";
import { createSuggest } from "./create-suggest";
import { submitDraft } from "./composer-submit";
import { downloadText, type ActionContext } from "./slash-actions";
import { mentionFile, readAttachments } from "./attachments";
import { SuggestionList, optionId } from "./suggestion-list";
import { Pickers } from "./pickers";
import { FileChips } from "./file-chips";
import { keyIntent } from "./composer-keys";
import { createAsyncAction } from "../common/create-async-action";
import "../controls.css";
import "./composer.css";
import { ErrorText } from "../common/error-text";
import { useWorkspace } from "../workspace-services";

/** Props of {@link Composer}. */
export interface ComposerProps {
  sessionId: string;
  /** What Send and Stop call (default: the workspace's; the lazy new-session pane passes its own). */
  actions?: Pick<WorkspaceActions, "sendPrompt" | "abort"> & Partial<Pick<WorkspaceActions, "session" | "createSession">>;
  /** Where drafts live (default: the workspace's, see workspace-services.tsx). */
  drafts?: DraftStore;
  /** The owner's composer API (default: built from the owner; tests pass a fake, null for none). */
  api?: ComposerApi | null;
  /** Opens a session in a tab (the fork of `/fork`). */
  onOpenSession?: (sessionId: string) => void;
  /** Opens a lazy new session on an instance (`/new`); without it `/new` creates one at once. */
  onNewSession?: (instanceId: string) => void;
}

/** How long a send waits for the owner's lists before it goes out with what it has. */
const SETTLE_MS = 8_000;

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
  const workspace = useWorkspace();
  const state = workspace.state;
  // The draft store and the actions are chosen once, for the life of the composer.
  const drafts = untrack(() => props.drafts) ?? workspace.drafts;
  const actions = untrack(() => props.actions) ?? workspace.actions;
  const key = () => props.sessionId;
  const draft = () => drafts.get(key());
  const text = () => draft().text;
  const [sending, setSending] = createSignal(false);
  /** While the session runs, whether a prompt steers the turn rather than waiting for it (where the owner offers the choice). */
  const [steer, setSteer] = createSignal(false);
  /** Stop's pending state and failure; a failed send's words live in the draft. */
  const stopping = createAsyncAction();
  /** Words about what just happened (an action's result, a refused attachment). */
  const [notice, setNotice] = createSignal<string | null>(null);
  const [caret, setCaret] = createSignal(0);
  let input: HTMLTextAreaElement | undefined;
  let fileInput: HTMLInputElement | undefined;
  const error = () => draft().error ?? stopping.error();

  const session = () => state.sessions[props.sessionId];
  const owner = createMemo(() => promptOwner(state, props.sessionId));
  /** The agent and model the session last used (store/last-model.ts). */
  const lastUsed = createMemo(() => {
    const list = state.messages[props.sessionId] ?? [];
    return { agent: lastAgent(list), model: lastModel(session()?.info, list, "prompts") ?? undefined };
  });
  const choices = createComposerChoices({ owner, sessionDirectory: () => session()?.info.directory, draft, lastUsed, api: untrack(() => props.api) });
  const { api, agents, models, agent, model } = choices;
  const files = createFileSearch(() => {
    const a = api();
    return a ? (q, signal) => a.findFiles(q, signal) : null;
  });
  const suggest = createSuggest({ text, caret, entries: choices.entries, entriesError: choices.errors.commands, files });
  const history = createMemo(() => promptHistory(state.messages[props.sessionId] ?? [], state.parts));
  let recallPos: number | null = null;
  let tabReleased = false;

  /** Stop only while a connected owner says the session runs (an exited owner's "busy" is unknown). */
  const busy = () => isRunning(state, props.sessionId);
  /** The queue/steer choice is offered while the session runs on an owner that has it. */
  const canSteer = () => busy() && !!choices.capabilities()?.queueWhileBusy;
  /** Why Send is unavailable: a deep link's session not listed yet, or no running owner. */
  const noOwnerWords = () =>
    sessionLookup(state, props.sessionId).kind === "searching"
      ? "Finding this session's server… Your message is kept; Send becomes available once it is found."
      : noOwnerReason(session(), state.instances, state.unreachable);
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
      session: actions.session?.(id) ?? unavailableSessionActions("Session actions are not available here."),
      model: model(),
      openSession: (sid) => props.onOpenSession?.(sid),
      newSession: async () => {
        if (o && props.onNewSession) return props.onNewSession(o.info.id);
        if (!o || !actions.createSession) throw new Error("No running OpenCode to start a session on.");
        const created = await actions.createSession(o.info.id);
        props.onOpenSession?.(created.id);
      },
      download: downloadText,
    };
  };

  const send = async () => {
    if (!canSend()) return;
    setSending(true);
    stopping.setError(null);
    setNotice(null);
    recallPos = null;
    try {
      const result = await submitDraft({
        key: key(),
        sessionId: props.sessionId,
        drafts,
        sendPrompt: actions.sendPrompt,
        // A just-connected owner may still be answering: wait for its commands, agents and models.
        choices: async () => {
          await choices.settled(SETTLE_MS);
          return {
            api: api(),
            agent: agents() ? agent() : undefined,
            model: models() ? model() : undefined,
            commands: choices.commands(),
            ...(canSteer() ? { delivery: steer() ? ("steer" as const) : ("queue" as const) } : {}),
          };
        },
        actionContext,
      });
      setNotice(result);
    } finally {
      setSending(false);
    }
  };

  const stop = () => stopping.run(() => actions.abort(props.sessionId), "stop");

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
    const recalling = recallPos !== null && text() === history()[recallPos];
    const intent = keyIntent(e, {
      listOpen: suggest.open() !== null,
      optionCount: suggest.options().length,
      tabReleased,
      agentCount: agents()?.length ?? 0,
      canRecall: text() === "" || recalling,
    });
    tabReleased = intent === "release-tab";
    if (intent === null || intent === "release-tab") return;
    e.preventDefault();
    if (intent === "list-down" || intent === "list-up") suggest.move(intent === "list-down" ? 1 : -1);
    else if (intent === "list-close") suggest.dismiss();
    else if (intent === "list-choose") choose(suggest.active());
    else if (intent === "send") void send();
    else if (intent === "agent-next" || intent === "agent-previous") cycleAgent(intent === "agent-next" ? 1 : -1);
    else if (intent === "recall-older" || intent === "recall-newer") {
      const next = recall(history(), recalling ? recallPos : null, intent === "recall-older" ? -1 : 1);
      if (!next) return;
      recallPos = next.pos;
      setText(next.text);
    }
  };

  const listId = () => `composer-list-${props.sessionId}`;
  const trackCaret = (e: Event) => setCaret((e.currentTarget as HTMLTextAreaElement).selectionStart ?? 0);

  return (
    <form
      class="sv-composer"
      // First use (focus, a click on a picker) asks for the owner's lists; opening the session did not.
      onFocusIn={() => choices.want()}
      onPointerDown={() => choices.want()}
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
            agentsError={choices.errors.agents()}
            models={models()}
            model={model()}
            modelsError={choices.errors.models()}
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
        <Show when={canSteer()}>
          <label class="sv-composer-steer" title="Off: the message waits until the running turn ends. On: the agent reads it now, mid-turn.">
            <input type="checkbox" checked={steer()} onChange={(e) => setSteer(e.currentTarget.checked)} /> Steer the running turn
          </label>
        </Show>
        <Show when={busy()}>
          <button type="button" class="sv-btn sv-btn-stop" disabled={stopping.pending()} onClick={() => void stop()}>
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
      <ErrorText message={error()} class="sv-composer-error" />
    </form>
  );
}
