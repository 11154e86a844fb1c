/**
 * The activity overview: every session that is busy, waiting for the user, errored or finished but
 * unread, on every server; sortable by column, arrow keys move between rows, Enter opens one.
 */
import { For, Show, createEffect, createMemo, createSignal, type JSX } from "solid-js";
import { activityRows, sortActivity, type ActivityKind, type ActivityRow, type ActivitySortKey } from "../../store/activity";
import { createNow } from "../common/create-now";
import { basename } from "../common/format";
import { formatElapsed, sameList } from "../attention/format";
import { instanceLabel } from "../session-owner";
import { useWorkspace } from "../workspace-services";
import "./activity.css";

/** Props of {@link ActivityOverview}. */
export interface ActivityOverviewProps {
  isUnread: (sessionId: string) => boolean;
  onOpen: (sessionId: string) => void;
  onClose: () => void;
}

const KIND_WORDS: Record<ActivityKind, string> = { waiting: "needs you", errored: "failed", busy: "working", unread: "finished, unread" };
const COLUMNS: Array<{ key: ActivitySortKey | null; label: string }> = [
  { key: "state", label: "State" },
  { key: "session", label: "Session" },
  { key: "instance", label: "Instance · project" },
  { key: "elapsed", label: "Elapsed" },
  { key: null, label: "Now" },
];

/** Renders the overview (a region named "Activity"); its clock ticks only while it is open. */
export function ActivityOverview(props: ActivityOverviewProps): JSX.Element {
  const { state, actions } = useWorkspace();
  const now = createNow(1000);
  const [sort, setSort] = createSignal<{ key: ActivitySortKey; direction: "asc" | "desc" }>({ key: "state", direction: "asc" });
  const label = (row: ActivityRow) => {
    const entry = row.instanceId ? state.instances[row.instanceId] : undefined;
    return entry ? instanceLabel(entry.info) : "no running server";
  };
  const rows = createMemo(() => activityRows(state, props.isUnread, Date.now()));
  // A busy session whose messages this page never loaded (it began before the page did and was
  // never viewed) gets its latest messages (the workspace's openSession), so its elapsed time and
  // current step are known instead of "—". Asked once per session while the overview is open: no
  // polling, nothing when all are loaded.
  const asked = new Set<string>();
  createEffect(() => {
    for (const row of rows()) {
      if (row.kind !== "busy" || asked.has(row.sessionId) || state.messages[row.sessionId] !== undefined) continue;
      asked.add(row.sessionId);
      actions.openSession(row.sessionId).catch((err: unknown) => console.warn("activity: could not load messages of", row.sessionId, err));
    }
  });
  const sorted = createMemo(() => sortActivity(rows(), sort().key, sort().direction, label));
  // Rows are keyed by session id so a focused row keeps its element (and focus) while data streams in.
  const order = createMemo(() => sorted().map((r) => r.sessionId), undefined, { equals: sameList });
  const byId = createMemo(() => new Map(sorted().map((r) => [r.sessionId, r])));
  const rowEls = new Map<string, HTMLTableRowElement>();
  const [focused, setFocused] = createSignal<string | null>(null);
  const current = () => {
    const id = focused();
    return id && sorted().some((r) => r.sessionId === id) ? id : (sorted()[0]?.sessionId ?? null);
  };

  const toggleSort = (key: ActivitySortKey) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === "asc" ? "desc" : "asc" } : { key, direction: "asc" }));
  const move = (to: number) => {
    const list = sorted();
    const row = list[Math.max(0, Math.min(list.length - 1, to))];
    if (!row) return;
    setFocused(row.sessionId);
    rowEls.get(row.sessionId)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent, row: ActivityRow) => {
    const index = sorted().findIndex((r) => r.sessionId === row.sessionId);
    if (e.key === "ArrowDown") move(index + 1);
    else if (e.key === "ArrowUp") move(index - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(sorted().length - 1);
    else if (e.key === "Enter" || e.key === " ") props.onOpen(row.sessionId);
    else return;
    e.preventDefault();
  };

  return (
    <section
      class="activity-panel"
      role="region"
      aria-label="Activity"
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onClose();
      }}
    >
      <header class="activity-head">
        <h2>Activity</h2>
        <span class="activity-count">{sorted().length === 1 ? "1 session" : `${sorted().length} sessions`}</span>
        <button type="button" class="attention-close" aria-label="Close Activity" onClick={() => props.onClose()}>
          ×
        </button>
      </header>
      <Show when={sorted().length > 0} fallback={<p class="attention-empty">No session is working, waiting, failed or unread.</p>}>
        <div class="activity-scroll">
          <table class="activity-table">
            <thead>
              <tr>
                <For each={COLUMNS}>
                  {(col) => (
                    <th
                      scope="col"
                      aria-sort={col.key && sort().key === col.key ? (sort().direction === "asc" ? "ascending" : "descending") : undefined}
                    >
                      <Show when={col.key} fallback={col.label}>
                        {(key) => (
                          <button type="button" class="activity-sort" onClick={() => toggleSort(key())}>
                            {col.label}
                            <span aria-hidden="true">{sort().key === key() ? (sort().direction === "asc" ? " ▲" : " ▼") : ""}</span>
                          </button>
                        )}
                      </Show>
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={order()}>
                {(id) => (
                  <Show when={byId().get(id)}>
                    {(r) => {
                      const row = () => r();
                      return (
                        <tr
                          ref={(el) => rowEls.set(id, el)}
                          class="activity-row"
                          classList={{ [`is-${row().kind}`]: true }}
                          tabindex={current() === id ? 0 : -1}
                          data-session-id={id}
                          data-activity-kind={row().kind}
                          aria-label={`${row().title}: ${KIND_WORDS[row().kind]}`}
                          onClick={() => props.onOpen(id)}
                          onFocus={() => setFocused(id)}
                          onKeyDown={(e) => onKeyDown(e, row())}
                        >
                          <td>
                            <span class={`activity-kind kind-${row().kind}`}>{row().retry ? "retrying" : KIND_WORDS[row().kind]}</span>
                          </td>
                          <td class="activity-title" title={row().title}>
                            {row().child ? "↳ " : ""}
                            {row().title}
                          </td>
                          <td class="activity-where">
                            {label(row())} · {basename(row().directory)}
                          </td>
                          <td class="activity-elapsed">{row().since !== null ? formatElapsed(row().since ?? 0, now()) : "—"}</td>
                          <td class="activity-step" title={row().step ?? ""}>
                            {row().step ?? ""}
                          </td>
                        </tr>
                      );
                    }}
                  </Show>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
