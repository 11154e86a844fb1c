/**
 * The workspace's keyboard layer: one document keydown listener for the shortcut table, the
 * command palette, the `?` help, and a stack of closed tabs for "reopen".
 */
import { createEffect, createSignal, on, onCleanup, Show, type JSX } from "solid-js";
import { ownerOf } from "../../store/ownership";
import { focusComposer } from "../composer/composer";
import type { SessionTabs } from "../sessions/create-session-tabs";
import { neighbour } from "../sessions/tabs-model";
import { useSessionActions } from "../session-actions/session-actions-host";
import { useSearch } from "../search/search-host";
import { CommandPalette } from "../palette/palette";
import { paletteEntries, type PaletteEntry } from "../palette/palette-model";
import { cycleTheme } from "../theme/theme";
import { isTextTarget, matchShortcut, type ShortcutId } from "./keymap";
import { ShortcutsHelp } from "./shortcuts-help";
import { errorMessage } from "../../store/error-message";
import { useWorkspace } from "../workspace-services";

const REOPEN_LIMIT = 20;

/** Clicks the attention inbox's "Needs you" button when the page has one. */
function openInbox(): boolean {
  const button = [...document.querySelectorAll<HTMLButtonElement>("button")].find((b) =>
    /^needs you\b/i.test((b.getAttribute("aria-label") ?? b.textContent ?? "").trim()),
  );
  button?.click();
  return button !== undefined;
}

/** Focuses the first button or field of the active session's waiting permission or question. */
function focusPrompt(sessionId: string): boolean {
  const root = document.querySelector(`.sv-session[data-session-id="${CSS.escape(sessionId)}"]`) ?? document;
  const target = root.querySelector<HTMLElement>("[data-permission-id] button, [data-question-id] input, [data-question-id] button");
  target?.focus();
  return target !== null && target !== undefined;
}

/** Whether the session's live timeline is on screen (Find in session walks it). */
function shownTimeline(sessionId: string | null): boolean {
  return sessionId !== null && document.querySelector(`.sv-session[data-session-id="${CSS.escape(sessionId)}"] .sv-timeline`) !== null;
}

/** Mounts the keyboard layer (inside a SessionActionsHost). */
export function WorkspaceKeyboard(props: {
  tabs: SessionTabs;
  /** The selected instance tab ("all" or an id): where a new session goes when no session is active. */
  selectedInstance: string;
  /** The lazy `+` (issue 7): opens an empty composer bound to the instance; nothing is created until sent. */
  onNewSession?: (instanceId: string) => void;
}): JSX.Element {
  const { state, actions } = useWorkspace();
  const host = useSessionActions();
  const search = useSearch();
  const [palette, setPalette] = createSignal(false);
  const [help, setHelp] = createSignal(false);
  const closed: string[] = [];
  const active = () => props.tabs.tabs().active;
  const say = (text: string, error = false) => host?.announce(text, error);

  // Remember tabs as they close, newest last, for Reopen.
  createEffect(
    on(
      () => props.tabs.tabs().open,
      (now, before) => {
        for (const id of before ?? []) if (!now.includes(id)) closed.push(id);
        for (const id of now) {
          const at = closed.lastIndexOf(id);
          if (at >= 0) closed.splice(at, 1);
        }
        if (closed.length > REOPEN_LIMIT) closed.splice(0, closed.length - REOPEN_LIMIT);
      },
    ),
  );

  const openSession = (id: string) => {
    props.tabs.open(id, { activate: true });
  };

  const newSession = async () => {
    const current = active();
    const entry = current ? state.sessions[current] : undefined;
    const ready = Object.values(state.instances).filter((i) => !i.gone && i.info.status === "ready" && i.connection.state === "connected");
    const instanceId =
      (entry ? ownerOf(entry, state.instances) : null) ??
      (props.selectedInstance !== "all" ? props.selectedInstance : null) ??
      (ready.length === 1 ? (ready[0]?.info.id ?? null) : null) ??
      ready[0]?.info.id ??
      null;
    if (!instanceId) return say("No running OpenCode server can take a new session.", true);
    if (props.onNewSession) return props.onNewSession(instanceId);
    try {
      const session = await actions.createSession(instanceId);
      openSession(session.id);
      focusComposer(session.id);
    } catch (err) {
      say(`Could not create a session: ${errorMessage(err)}`, true);
    }
  };

  const run = (id: ShortcutId | "theme") => {
    const current = active();
    switch (id) {
      case "palette":
        return setPalette(true);
      case "search":
        return search?.openPanel();
      case "find":
        if (current) search?.openFind(current);
        return;
      case "help":
        return setHelp(true);
      case "new-session":
        return void newSession();
      case "next-tab":
      case "prev-tab": {
        const next = current ? neighbour(props.tabs.tabs(), current, id === "next-tab" ? 1 : -1) : null;
        if (next) props.tabs.activate(next);
        return;
      }
      case "reopen-tab": {
        const id = closed.pop();
        if (id) openSession(id);
        else say("No closed tab to reopen.");
        return;
      }
      case "close-tab":
        if (current) props.tabs.close(current);
        return;
      case "focus-composer":
        if (current) focusComposer(current);
        return;
      case "focus-prompt":
        if (!current || !focusPrompt(current)) say("Nothing is waiting for you in this session.");
        return;
      case "inbox":
        if (!openInbox()) say("There is no Needs you inbox on this page yet.");
        return;
      case "changes":
        if (current) host?.showChanges(current);
        return;
      case "undo":
      case "redo":
        if (current) host?.run(current, id);
        return;
      case "theme":
        say(`Theme: ${cycleTheme()}.`);
        return;
      case "terminal":
        // Listed in help only: the session's terminal button handles Ctrl+` itself.
        return;
    }
  };

  const pick = (entry: PaletteEntry) => {
    if (entry.kind === "session") openSession(entry.sessionId);
    else if (entry.kind === "message") search?.openResult(entry);
    else if (entry.kind === "action") host?.run(entry.sessionId, entry.action);
    else run(entry.command);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const id = matchShortcut(event, isTextTarget(event.target));
    if (!id) return;
    // While a dialog is open only the palette key toggles it; the dialog owns every other key.
    if ((palette() || help() || search?.panelOpen()) && id !== "palette") return;
    // Without a shown timeline (none open, or a read-only copy from the index) Ctrl+F stays the browser's find.
    if (id === "find" && (!search || !shownTimeline(active()))) return;
    event.preventDefault();
    if (id === "palette" && palette()) return setPalette(false);
    run(id);
  };
  document.addEventListener("keydown", onKeyDown);
  onCleanup(() => document.removeEventListener("keydown", onKeyDown));

  return (
    <>
      <Show when={palette()}>
        <CommandPalette entries={() => paletteEntries(state, active())} onPick={pick} onClose={() => setPalette(false)} />
      </Show>
      <Show when={help()}>
        <ShortcutsHelp onClose={() => setHelp(false)} />
      </Show>
    </>
  );
}
