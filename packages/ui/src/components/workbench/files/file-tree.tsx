/**
 * The folder's files as an ARIA tree: folders load their entries when first opened, files open in
 * the viewer, and changed files (and the folders above them) carry git's letter.
 */
import { createResource, For, Show, createSignal, type JSX } from "solid-js";
import type { FileMark, FolderEntry, WorkbenchApi } from "../../../api/workbench-api";
import { MARK_LETTER } from "./file-marks";

/** Props shared down the tree. */
interface TreeProps {
  api: WorkbenchApi;
  marks: Map<string, FileMark["status"]>;
  selected: string | null;
  onOpenFile: (path: string) => void;
}

/** The tree root. */
export function FileTree(props: TreeProps & { label: string }): JSX.Element {
  return (
    <ul class="wb-tree" role="tree" aria-label={props.label}>
      <FolderItems {...props} path="" level={1} />
    </ul>
  );
}

function FolderItems(props: TreeProps & { path: string; level: number }): JSX.Element {
  const [entries] = createResource(
    () => ({ api: props.api, path: props.path }),
    (s) => s.api.listFolder(s.path),
  );
  return (
    <Show
      when={!entries.error}
      fallback={
        <li role="none" class="ch-error">
          Could not list {props.path || "the folder"}: {(entries.error as Error)?.message ?? String(entries.error)}
        </li>
      }
    >
      <Show
        when={entries()}
        fallback={
          <li role="none" class="wb-muted">
            Loading…
          </li>
        }
      >
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <li role="none" class="wb-muted">
                (empty)
              </li>
            }
          >
            <For each={list()}>{(entry) => <Item {...props} entry={entry} />}</For>
          </Show>
        )}
      </Show>
    </Show>
  );
}

function Item(props: TreeProps & { entry: FolderEntry; level: number }): JSX.Element {
  const [expanded, setExpanded] = createSignal(false);
  const folder = () => props.entry.type === "directory";
  const mark = () => props.marks.get(props.entry.path);
  const activate = () => (folder() ? setExpanded(!expanded()) : props.onOpenFile(props.entry.path));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      activate();
    } else if (event.key === "ArrowRight" && folder() && !expanded()) setExpanded(true);
    else if (event.key === "ArrowLeft" && folder() && expanded()) setExpanded(false);
  };
  return (
    <li
      role="treeitem"
      aria-label={props.entry.name}
      aria-level={props.level}
      aria-expanded={folder() ? expanded() : undefined}
      aria-selected={props.selected === props.entry.path}
      data-path={props.entry.path}
      data-git={mark()}
    >
      <div
        class="wb-item"
        tabindex="0"
        onClick={(event) => {
          event.stopPropagation();
          activate();
        }}
        onKeyDown={onKeyDown}
      >
        <span class="wb-twisty" aria-hidden="true">
          {folder() ? (expanded() ? "▾" : "▸") : ""}
        </span>
        <span class="wb-name">{props.entry.name}</span>
        <Show when={mark()}>
          {(m) => (
            <span class={`wb-mark wb-mark-${m()}`} title={`${m()} (not committed)`}>
              {MARK_LETTER[m()]}
            </span>
          )}
        </Show>
      </div>
      <Show when={folder() && expanded()}>
        <ul role="group">
          <FolderItems {...props} path={props.entry.path} level={props.level + 1} />
        </ul>
      </Show>
    </li>
  );
}
