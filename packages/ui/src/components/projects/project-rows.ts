/**
 * The projects home's rows (pure): every folder the page knows (its servers' and sessions', running
 * or not), with the servers launched there, how many sessions it has, and when one last changed.
 */
import type { InstanceEntry, State } from "../../store/types";
import { knownFolders, trimSlash } from "../workbench/new-session/new-session-target";

/** One project folder. */
export interface ProjectRow {
  directory: string;
  /** Servers launched in this folder and still listed by the hub (services serve every folder: not here). */
  servers: InstanceEntry[];
  /** Its sessions, archived ones left out. */
  sessionCount: number;
  /** Its most recently updated session, which clicking the project opens. */
  latestSessionId: string | null;
  /** When that session last changed (ms epoch). */
  lastActivity: number | null;
}

/** The rows, most recent activity first; folders without sessions last, by name. */
export function projectRows(state: Pick<State, "instances" | "sessions">): ProjectRow[] {
  const rows = new Map<string, ProjectRow>(
    knownFolders(state).map((directory) => [directory, { directory, servers: [], sessionCount: 0, latestSessionId: null, lastActivity: null }]),
  );
  for (const entry of Object.values(state.instances)) {
    if (entry.gone || entry.info.kind === "service" || !entry.info.directory) continue;
    rows.get(trimSlash(entry.info.directory))?.servers.push(entry);
  }
  for (const { info } of Object.values(state.sessions)) {
    const row = info.directory ? rows.get(trimSlash(info.directory)) : undefined;
    // Sub-sessions (an agent's task) belong to their parent: neither counted nor opened.
    if (!row || info.time.archived || info.parentID) continue;
    row.sessionCount++;
    if (row.lastActivity === null || info.time.updated > row.lastActivity) {
      row.lastActivity = info.time.updated;
      row.latestSessionId = info.id;
    }
  }
  return [...rows.values()].sort((a, b) => (b.lastActivity ?? -1) - (a.lastActivity ?? -1) || a.directory.localeCompare(b.directory));
}
