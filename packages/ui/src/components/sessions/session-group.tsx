/**
 * One directory of the virtualized sidebar: a section placed at its header's offset, holding the
 * header (sticky while its rows scroll under it) and the rows of it that are rendered, each placed
 * at its own offset. A folder no server runs in folds under a `<details>` line saying so.
 */
import { createMemo, For, Show, type JSX } from "solid-js";
import type { InstanceEntry } from "../../store/types";
import { basename, shortenHome } from "../common/format";
import { instanceName } from "../instances/connection-summary";
import { GROUP_GAP, type ListEmpty, type ListRow } from "./list-model";
import { NewSessionButton } from "./new-session-button";

/** Where the virtualizer put an item: its index in the flat list and its offsets in the list (px). */
export interface Placed {
  index: number;
  start: number;
  end: number;
}

/** What of a group is rendered: its header (always, while any of it is) and some of its rows. */
export interface GroupPart {
  head: Placed;
  rows: Array<{ item: ListRow | ListEmpty; at: Placed }>;
}

/** "~/src/api" → "~/src"; "/api" → "/". */
function parentPath(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  const at = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return at > 0 ? trimmed.slice(0, at) : at === 0 ? "/" : "";
}

/** A directory's section of the sidebar. */
export function SessionGroup(props: {
  directory: string;
  part: GroupPart;
  /** A server runs the directory's sessions (else the group folds under "not running"). */
  running: boolean;
  /** A "not running" group's fold is open. */
  open: boolean;
  onToggle: (open: boolean) => void;
  /** Sessions listed in the directory (the folded line's count). */
  count: number;
  home: string | null;
  /** Running instances there that offer New session (empty on an instance's own tab). */
  live: readonly InstanceEntry[];
  instances: readonly InstanceEntry[];
  onNewSession: (instanceId: string) => void;
  /** The virtualizer's ref: measures an item's element (it reads `data-index`). */
  measure: (element: HTMLElement) => void;
  /** A session row at its place (the place changes as the list scrolls or filters; the row stays). */
  row: (item: ListRow, at: () => Placed) => JSX.Element;
}): JSX.Element {
  const gap = () => (props.part.head.index > 0 ? GROUP_GAP : 0);
  const headEnd = () => props.part.head.end;
  const positions = createMemo(() => new Map(props.part.rows.map((entry) => [entry.item, entry.at])));
  const name = () => (
    <span class="group-name">
      <span class="group-base">{basename(props.directory)}</span>
      <span class="group-parent">{parentPath(shortenHome(props.directory, props.home))}</span>
    </span>
  );
  const rows = () => (
    <ul class="session-rows" style={{ height: `${Math.max(0, ...props.part.rows.map((entry) => entry.at.end)) - headEnd()}px` }}>
      <For each={props.part.rows.map((entry) => entry.item)}>
        {(item) => {
          const at = () => positions().get(item) ?? { index: -1, start: headEnd(), end: headEnd() };
          return item.kind === "row" ? (
            props.row(item, at)
          ) : (
            <li class="group-empty" data-index={at().index} ref={props.measure} style={{ top: `${at().start - headEnd()}px` }}>
              No sessions yet.
            </li>
          );
        }}
      </For>
    </ul>
  );
  return (
    <Show
      when={props.running}
      fallback={
        // A folder no server runs in (its sessions listed by a server of the same project): old
        // history, folded away unless the user is filtering or has one of its sessions open.
        <section
          class="session-group is-not-running"
          classList={{ "has-gap": gap() > 0 }}
          aria-label={props.directory}
          style={{ top: `${props.part.head.start}px` }}
        >
          <details open={props.open} onToggle={(event) => props.onToggle(event.currentTarget.open)}>
            <summary
              class="group-head"
              title={`${props.directory} — no OpenCode server runs here`}
              ref={props.measure}
              data-index={props.part.head.index}
              data-gap={gap() > 0 ? gap() : undefined}
            >
              {name()}
              <span class="group-state">not running · {props.count}</span>
            </summary>
            {rows()}
          </details>
        </section>
      }
    >
      <section class="session-group" classList={{ "has-gap": gap() > 0 }} aria-label={props.directory} style={{ top: `${props.part.head.start}px` }}>
        <header
          class="group-head"
          title={props.directory}
          ref={props.measure}
          data-index={props.part.head.index}
          data-gap={gap() > 0 ? gap() : undefined}
        >
          {name()}
          <For each={props.live}>
            {(entry) => (
              <NewSessionButton
                instanceId={entry.info.id}
                label={instanceName(entry, props.instances)}
                onNew={props.onNewSession}
                compact
                named={props.live.length > 1}
              />
            )}
          </For>
        </header>
        {rows()}
      </section>
    </Show>
  );
}
