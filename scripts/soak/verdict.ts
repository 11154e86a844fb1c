/**
 * The soak's end-of-run assertions, pure: the page as read through its test hooks against every
 * server's own answer. Each failure is a sentence a person can act on.
 */

/** What the servers say about one session. */
export interface SessionTruth {
  id: string;
  server: string;
  /** The server answered (it is up); a session of a down server is not judged. */
  up: boolean;
  busy: boolean;
  users: number;
  assistants: number;
}

/** What the page shows for one session's timeline. */
export interface TimelineSeen {
  users: number;
  assistants: number;
  /** Message ids rendered more than once at the same moment. */
  duplicates: string[];
}

/** One session-list row as the page shows it. */
export interface RowSeen {
  id: string;
  status: string;
}

/** A draft typed at the start and what the composer holds at the end. */
export interface DraftCheck {
  sessionId: string;
  typed: string;
  found: string;
}

/** Heap after GC, in bytes. */
export interface HeapCheck {
  baselineMinute: number;
  baseline: number;
  end: number;
}

/** Everything the verdict reads. */
export interface SoakObservation {
  truth: SessionTruth[];
  /** Session ids every server lists (1.x `/session`, 2.x `/api/session`), for "shown but gone". */
  listed: ReadonlySet<string>;
  rows: RowSeen[];
  timelines: ReadonlyMap<string, TimelineSeen>;
  drafts: DraftCheck[];
  heap: HeapCheck;
}

/** The heap may grow this much over the baseline. */
export const HEAP_TOLERANCE = 0.1;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Every failed assertion, in words; empty when the page matched the truth. */
export function verdict(o: SoakObservation): string[] {
  const failures: string[] = [];
  const limit = o.heap.baseline * (1 + HEAP_TOLERANCE);
  if (o.heap.end > limit) {
    failures.push(
      `heap grew: ${mb(o.heap.end)} at the end vs ${mb(o.heap.baseline)} at minute ${o.heap.baselineMinute} (+${(((o.heap.end - o.heap.baseline) / o.heap.baseline) * 100).toFixed(1)} %, limit +${HEAP_TOLERANCE * 100} %)`,
    );
  }
  const rowsById = new Map<string, RowSeen[]>();
  for (const row of o.rows) rowsById.set(row.id, [...(rowsById.get(row.id) ?? []), row]);
  const downSessions = new Set(o.truth.filter((t) => !t.up).map((t) => t.id));
  for (const [id, rows] of rowsById) {
    if (rows.length > 1) failures.push(`session ${id} has ${rows.length} rows in the session list`);
    if (!o.listed.has(id) && !downSessions.has(id)) failures.push(`session ${id} is in the session list but no server lists it`);
  }
  for (const t of o.truth) {
    if (!t.up) continue;
    const row = rowsById.get(t.id)?.[0];
    if (!row) {
      failures.push(`session ${t.id} (${t.server}) is missing from the session list`);
      continue;
    }
    const shownBusy = row.status === "busy" || row.status === "retry";
    if (row.status === "unknown") failures.push(`session ${t.id} (${t.server}) is stuck "unknown" while ${t.server} is up`);
    else if (shownBusy && !t.busy) failures.push(`session ${t.id} (${t.server}) is stuck "${row.status}" while ${t.server} says idle`);
    else if (!shownBusy && t.busy) failures.push(`session ${t.id} (${t.server}) shows "${row.status}" while ${t.server} says busy`);
    const seen = o.timelines.get(t.id);
    if (!seen) {
      failures.push(`session ${t.id} (${t.server}): its timeline was not read`);
      continue;
    }
    if (seen.duplicates.length > 0) failures.push(`session ${t.id} (${t.server}) shows messages twice: ${seen.duplicates.join(", ")}`);
    if (seen.users !== t.users || seen.assistants !== t.assistants) {
      failures.push(
        `session ${t.id} (${t.server}) shows ${seen.users} user + ${seen.assistants} assistant messages; the server has ${t.users} + ${t.assistants}`,
      );
    }
  }
  for (const d of o.drafts) {
    if (d.found !== d.typed)
      failures.push(`draft lost in session ${d.sessionId}: typed ${JSON.stringify(d.typed)}, the composer holds ${JSON.stringify(d.found)}`);
  }
  return failures;
}
