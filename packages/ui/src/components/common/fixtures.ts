/**
 * Builders of UI state for tests and the dev-only `?demo` page. Never used by the live path.
 */
import type { Instance, Machine } from "../../api/hub-types";
import type { ConnectionInfo, InstanceEntry, Session, SessionEntry, State } from "../../store/types";
import { createInitialState } from "../../store/initial-state";
import { sampleInstance } from "../../store/test-fixtures";

/** An instance entry, connected by default. */
export function makeInstance(
  id: string,
  overrides: Partial<Instance> & { connection?: Partial<ConnectionInfo>; gone?: boolean } = {},
): InstanceEntry {
  const { connection, gone, ...info } = overrides;
  return {
    info: sampleInstance(id, { directory: `/home/dev/${id}`, firstSeenAt: "2025-01-01T00:00:00.000Z", ...info }),
    connection: { state: "connected", attempt: 0, nextRetryAt: null, error: null, ...connection },
    counters: { events: 0, errors: 0, unknown: 0, lastEventAt: null },
    gone: gone ?? false,
  };
}

/** A session entry seen by `seenBy`, updated `updated` ms epoch. */
export function makeSession(
  id: string,
  overrides: { title?: string; directory?: string; parentID?: string; updated?: number; created?: number; seenBy?: string[] } = {},
): SessionEntry {
  const updated = overrides.updated ?? Date.now();
  const info: Session = {
    id,
    slug: id,
    projectID: "global",
    directory: overrides.directory ?? "/home/dev/api",
    title: overrides.title ?? `Session ${id}`,
    version: "1.18.33",
    time: { created: overrides.created ?? updated, updated },
  };
  if (overrides.parentID) info.parentID = overrides.parentID;
  return { info, seenBy: overrides.seenBy ?? [], liveOwner: null };
}

/** A whole State with the given instances and sessions; everything else empty. */
export function makeState(parts: { instances?: InstanceEntry[]; sessions?: SessionEntry[]; machines?: Machine[] } = {}): State {
  return {
    ...createInitialState(),
    hub: { state: "connected", error: null },
    instances: Object.fromEntries((parts.instances ?? []).map((entry) => [entry.info.id, entry])),
    scan: { at: "2025-01-01T00:00:00.000Z", durationMs: 12, method: "procfs", error: null },
    sessions: Object.fromEntries((parts.sessions ?? []).map((entry) => [entry.info.id, entry])),
    machines: parts.machines ?? [],
  };
}
