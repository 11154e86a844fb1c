/**
 * The "Changes" region of a session: the files it changed, each with status, +/- counts and its
 * diff. Whole session by default (the server's list, else every turn's merged), or one turn
 * (`GET /session/{id}/diff?messageID=`), as opened from a turn's "Changed N files" line.
 */
import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, Show, type JSX } from "solid-js";
import type { FileDiff } from "../../api/session-ops";
import { useSessionActions } from "../session-actions/session-actions-host";
import { changedFiles, changedTurns, type ChangedFile } from "./diff-model";
import { DiffView, type DiffMode } from "./diff-view";
import "./changes.css";
import { errorMessage } from "../../store/error-message";
import { ErrorText } from "../common/error-text";
import { useWorkspace } from "../workspace-services";

const MODE_KEY = "switchboard.diffMode";
const WIDE = "(min-width: 1100px)";

function readMode(): DiffMode {
  try {
    return localStorage.getItem(MODE_KEY) === "split" ? "split" : "unified";
  } catch {
    return "unified";
  }
}
const [preferredMode, setPreferredMode] = createSignal<DiffMode>(typeof localStorage === "undefined" ? "unified" : readMode());

/** True while the viewport is wide enough for a split diff. */
function createWide(): () => boolean {
  const query = typeof matchMedia === "function" ? matchMedia(WIDE) : null;
  const [wide, setWide] = createSignal(query?.matches ?? false);
  const onChange = () => setWide(query?.matches ?? false);
  query?.addEventListener("change", onChange);
  onCleanup(() => query?.removeEventListener("change", onChange));
  return wide;
}

/** Header button: opens the panel and says how many files changed. */
export function ChangesButton(props: { sessionId: string }): JSX.Element {
  const { state } = useWorkspace();
  const host = useSessionActions();
  const count = createMemo(() => {
    const entry = state.sessions[props.sessionId];
    if (!entry) return 0;
    const revertFrom = entry.info.revert?.messageID;
    const turns = changedTurns(state.messages[props.sessionId] ?? [], revertFrom);
    // After an Undo the last whole-session diff is stale (1.18.33 sends none anew): the kept turns say it.
    return changedFiles(revertFrom ? [] : (state.diffs?.[props.sessionId] ?? []), turns, entry.info.directory).length;
  });
  return (
    <Show when={host}>
      {(api) => (
        <button
          type="button"
          class="ch-toggle"
          aria-pressed={api().changesOpen(props.sessionId)}
          title="Show the files this session changed (Ctrl+Alt+D)"
          onClick={() => api().showChanges(props.sessionId)}
        >
          Changes<Show when={count() > 0}> · {count()}</Show>
        </button>
      )}
    </Show>
  );
}

/** The panel itself (rendered only while open). */
export function ChangesPanel(props: { sessionId: string }): JSX.Element {
  const host = useSessionActions();
  return (
    <Show when={host?.changesOpen(props.sessionId)}>
      <ChangesRegion sessionId={props.sessionId} />
    </Show>
  );
}

function ChangesRegion(props: { sessionId: string }): JSX.Element {
  const { state, actions: workspaceActions } = useWorkspace();
  const host = useSessionActions();
  const wide = createWide();
  const mode = () => (wide() ? preferredMode() : "unified");
  const scope = () => host?.changesScope(props.sessionId) ?? "all";
  const directory = () => state.sessions[props.sessionId]?.info.directory ?? "";
  const idle = () => (state.status[props.sessionId]?.type ?? "idle") === "idle";
  const revertFrom = () => state.sessions[props.sessionId]?.info.revert?.messageID;
  const turns = createMemo(() => changedTurns(state.messages[props.sessionId] ?? [], revertFrom()));
  // Refetch when a turn ends: its files are final then.
  const [generation, setGeneration] = createSignal(0);
  createEffect(on(idle, (now, before) => before === false && now && setGeneration((g) => g + 1), { defer: true }));

  const [fetched] = createResource(
    // An Undo or Redo changes the files too: ask again.
    () => ({ scope: scope(), generation: generation(), id: props.sessionId, revert: revertFrom(), actions: workspaceActions }),
    async ({ scope: s, id, actions }): Promise<FileDiff[]> => actions.session(id).diff(s === "all" ? null : s),
  );
  const files = createMemo<ChangedFile[]>(() => {
    const s = scope();
    const server = fetched.error ? [] : (fetched() ?? []);
    if (s !== "all") {
      const own = turns().find((t) => t.messageId === s)?.files ?? [];
      return changedFiles(server.length > 0 ? server : own, [], directory());
    }
    // After an Undo the last whole-session diff is stale (1.18.33 sends none anew): the kept turns say it.
    const live = revertFrom() ? [] : (state.diffs?.[props.sessionId] ?? []);
    return changedFiles(live.length > 0 ? live : revertFrom() ? [] : server, turns(), directory());
  });
  const totals = createMemo(() => files().reduce((t, f) => ({ add: t.add + f.additions, del: t.del + f.deletions }), { add: 0, del: 0 }));
  const [expanded, setExpanded] = createSignal<Record<string, boolean>>({});
  const [closedFiles, setClosedFiles] = createSignal<Record<string, boolean>>({});

  return (
    <section class="ch-panel" role="region" aria-label="Changes" data-scope={scope()}>
      <header class="ch-head">
        <h3 class="ch-title">Changes</h3>
        <select
          class="ch-scope"
          aria-label="Which changes"
          value={scope()}
          onChange={(e) => host?.showChanges(props.sessionId, e.currentTarget.value)}
        >
          <option value="all">Whole session</option>
          <For each={turns()}>{(t) => <option value={t.messageId}>{t.label}</option>}</For>
          <Show when={scope() !== "all" && !turns().some((t) => t.messageId === scope())}>
            <option value={scope()}>This turn</option>
          </Show>
        </select>
        <Show when={wide()}>
          <div class="ch-modes" role="group" aria-label="Diff layout">
            <button type="button" aria-pressed={mode() === "unified"} onClick={() => persistMode("unified")}>
              Unified
            </button>
            <button type="button" aria-pressed={mode() === "split"} onClick={() => persistMode("split")}>
              Split
            </button>
          </div>
        </Show>
        <button type="button" class="ch-close" aria-label="Close changes" onClick={() => host?.hideChanges(props.sessionId)}>
          ×
        </button>
      </header>
      <ErrorText message={fetched.error ? `Could not load the changed files: ${errorMessage(fetched.error)}` : null} class="ch-error" />
      <Show
        when={files().length > 0}
        fallback={
          <p class="ch-empty">
            {fetched.loading ? "Loading changes…" : scope() === "all" ? "No files changed in this session yet." : "This turn changed no files."}
          </p>
        }
      >
        <p class="ch-summary">
          {files().length} {files().length === 1 ? "file" : "files"} changed <span class="ch-add">+{totals().add}</span>{" "}
          <span class="ch-del">−{totals().del}</span>
        </p>
        <div class="ch-files">
          <For each={files()}>
            {(f) => (
              <section class="ch-file" data-diff-file={f.file} data-additions={f.additions} data-deletions={f.deletions} data-status={f.status}>
                <button
                  type="button"
                  class="ch-file-head"
                  aria-expanded={!closedFiles()[f.file]}
                  onClick={() => setClosedFiles((c) => ({ ...c, [f.file]: !c[f.file] }))}
                >
                  <span class={`ch-status ch-status-${f.status}`} title={f.status}>
                    {f.status === "added" ? "A" : f.status === "deleted" ? "D" : "M"}
                  </span>
                  <span class="ch-path" title={f.file}>
                    {f.file}
                  </span>
                  <span class="ch-add">+{f.additions}</span>
                  <span class="ch-del">−{f.deletions}</span>
                </button>
                <Show when={!closedFiles()[f.file]}>
                  <For each={f.patches}>
                    {(p) => (
                      <>
                        <Show when={f.patches.length > 1 && p.turnId}>
                          <p class="ch-turn">{turns().find((t) => t.messageId === p.turnId)?.label ?? "Turn"}</p>
                        </Show>
                        <DiffView
                          patch={p.patch}
                          file={f.file}
                          mode={mode()}
                          expanded={expanded()[f.file] ?? false}
                          onExpand={() => setExpanded((e) => ({ ...e, [f.file]: true }))}
                        />
                      </>
                    )}
                  </For>
                </Show>
              </section>
            )}
          </For>
        </div>
      </Show>
    </section>
  );
}

function persistMode(mode: DiffMode) {
  setPreferredMode(mode);
  try {
    localStorage.setItem(MODE_KEY, mode);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
