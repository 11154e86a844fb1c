/**
 * The "Files" region of a session: its folder as a tree with git marks, "Open file" by fuzzy name
 * (the owner's own file search), the opened file read-only, and the folder's uncommitted changes
 * (all of git's, not just this session's: the session's own are under Changes). Marks and the
 * review reload when a turn ends.
 */
import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { adapterFor } from "../../../adapters";
import type { WorkbenchApi } from "../../../api/workbench-api";
import { sessionOwner } from "../../session-owner";
import { DiffView } from "../../changes/diff-view";
import { createWorkbenchApi } from "./create-workbench-api";
import { markIndex, MARK_LETTER } from "./file-marks";
import { FileTree } from "./file-tree";
import { FileViewer } from "./file-viewer";
import { closePanel, panelOpen, togglePanel } from "./workbench-panels";
import { useWorkspace } from "../../workspace-services";
import "../workbench.css";

/** Header button. */
export function FilesButton(props: { sessionId: string }): JSX.Element {
  return (
    <button
      type="button"
      class="ch-toggle"
      aria-pressed={panelOpen(props.sessionId, "files")}
      title="Browse the session's folder"
      onClick={() => togglePanel(props.sessionId, "files")}
    >
      Files
    </button>
  );
}

/** The panel (rendered only while open). */
export function FilesPanel(props: { sessionId: string }): JSX.Element {
  return (
    <Show when={panelOpen(props.sessionId, "files")}>
      <FilesRegion sessionId={props.sessionId} />
    </Show>
  );
}

function FilesRegion(props: { sessionId: string }): JSX.Element {
  const { state } = useWorkspace();
  const source = createWorkbenchApi(state, () => props.sessionId);
  const [view, setView] = createSignal<"tree" | "review">("tree");
  const [opened, setOpened] = createSignal<string | null>(null);
  const idle = () => (state.status[props.sessionId]?.type ?? "idle") === "idle";
  // Reload marks when the owner changes or a turn ends (its writes are on disk then).
  const [marks] = createResource(
    () => (idle() ? source() : null),
    (s) => s.api.fileMarks(),
  );
  const index = createMemo(() => markIndex(marks.error ? [] : (marks() ?? [])));
  return (
    <section class="wb-panel" aria-label="Files">
      <header class="ch-head">
        <h3 class="ch-title">Files</h3>
        <div class="ch-modes" role="group" aria-label="Files view">
          <button type="button" aria-pressed={view() === "tree"} onClick={() => setView("tree")}>
            Tree
          </button>
          <button type="button" aria-pressed={view() === "review"} onClick={() => setView("review")}>
            Uncommitted
          </button>
        </div>
        <button type="button" class="ch-close" aria-label="Close files" onClick={() => closePanel(props.sessionId)}>
          ×
        </button>
      </header>
      <Show when={source()} fallback={<p class="ch-empty">No running OpenCode serves this session's folder, so its files cannot be read.</p>}>
        {(s) => (
          <>
            <Show when={marks.error}>
              <p class="ch-error">Could not read the git status: {(marks.error as Error)?.message ?? String(marks.error)}</p>
            </Show>
            <Show when={view() === "tree"} fallback={<UncommittedReview api={s().api} apiKey={s().key} idle={idle()} />}>
              <OpenFile sessionId={props.sessionId} onOpen={setOpened} />
              <div class="wb-body">
                <FileTree label="Files of the session's folder" api={s().api} marks={index()} selected={opened()} onOpenFile={setOpened} />
              </div>
              <Show when={opened()}>{(path) => <FileViewer api={s().api} apiKey={s().key} path={path()} onClose={() => setOpened(null)} />}</Show>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

/** "Open file": the owner's fuzzy file search (the composer's `@` search). */
function OpenFile(props: { sessionId: string; onOpen: (path: string) => void }): JSX.Element {
  const { state } = useWorkspace();
  const [query, setQuery] = createSignal("");
  const composer = createMemo(() => {
    const entry = state.sessions[props.sessionId];
    const owner = sessionOwner(entry, state.instances);
    return owner && entry ? adapterFor(owner.info.protocol).composer(owner.info, entry.info.directory) : null;
  });
  const [found] = createResource(
    () => {
      const q = query().trim();
      const api = composer();
      return q && api ? { q, api } : null;
    },
    (s) => s.api.findFiles(s.q),
  );
  return (
    <div class="wb-body">
      <label class="wb-field">
        <span class="wb-muted">Open file</span>
        <input type="search" placeholder="Type part of a file name" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
      </label>
      <Show when={found.error}>
        <p class="ch-error">Could not search files: {(found.error as Error)?.message ?? String(found.error)}</p>
      </Show>
      <Show when={query().trim() ? found() : undefined}>
        {(list) => (
          <div class="wb-choices" role="listbox" aria-label="Matching files">
            <For each={list()} fallback={<p class="wb-muted">No file matches.</p>}>
              {(path) => (
                <button
                  type="button"
                  role="option"
                  aria-selected="false"
                  class="wb-choice"
                  onClick={() => {
                    props.onOpen(path);
                    setQuery("");
                  }}
                >
                  {path}
                </button>
              )}
            </For>
          </div>
        )}
      </Show>
    </div>
  );
}

/** The folder's uncommitted changes, each file with its diff. */
function UncommittedReview(props: { api: WorkbenchApi; apiKey: string; idle: boolean }): JSX.Element {
  const [diffs] = createResource(
    () => (props.idle ? { key: props.apiKey, api: props.api } : null),
    (s) => s.api.workingDiff(),
  );
  const [expanded, setExpanded] = createSignal<Record<string, boolean>>({});
  return (
    <section class="wb-body" aria-label="Uncommitted changes">
      <Show
        when={!diffs.error}
        fallback={<p class="ch-error">Could not list uncommitted changes: {(diffs.error as Error)?.message ?? String(diffs.error)}</p>}
      >
        <Show when={diffs()} fallback={<p class="wb-muted">Loading…</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="ch-empty">Nothing uncommitted in this folder.</p>}>
              <p class="wb-muted">
                {list().length} uncommitted {list().length === 1 ? "file" : "files"} in the folder (every change, not only this session's).
              </p>
              <For each={list()}>
                {(d) => (
                  <div class="ch-file">
                    <div class="ch-file-head">
                      <span class={`ch-status ch-status-${d.status ?? "modified"}`}>{MARK_LETTER[d.status ?? "modified"]}</span>
                      <span class="ch-path">{d.file}</span>
                      <span class="ch-add">+{d.additions}</span>
                      <span class="ch-del">−{d.deletions}</span>
                    </div>
                    <DiffView
                      patch={d.patch ?? ""}
                      file={d.file}
                      mode="unified"
                      expanded={expanded()[d.file] ?? false}
                      onExpand={() => setExpanded({ ...expanded(), [d.file]: true })}
                    />
                  </div>
                )}
              </For>
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
}
