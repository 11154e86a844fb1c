/** Every server's own answer (REST), read the way the verdict compares it with the page. */
import { api, listMessages, sessionStatus, type MessageWithParts, type V2Message } from "../fleet/client.js";
import type { FleetServer } from "../fleet/index.js";
import type { SessionTruth } from "./verdict.js";

/** Ids of every session the server lists (2.x: across all folders, every page). */
export async function listedSessions(server: FleetServer): Promise<string[]> {
  if (server.generation !== 2) return (await api<Array<{ id: string }>>(server, "/session")).map((s) => s.id);
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page: { data: Array<{ id: string }>; cursor: { next: string | null } } = await api(server, `/api/session?limit=100${query}`);
    ids.push(...page.data.map((s) => s.id));
    cursor = page.data.length > 0 ? page.cursor.next : null;
  } while (cursor);
  return ids;
}

/** User and assistant messages of either generation's history. */
export function roleCounts(messages: MessageWithParts[] | V2Message[]): { users: number; assistants: number } {
  const roles = messages.map((m) => ("info" in m ? m.info.role : m.type));
  return { users: roles.filter((r) => r === "user").length, assistants: roles.filter((r) => r === "assistant").length };
}

/** The truth about `sessionIds` on their server; `up: false` when the server did not answer. */
export async function sessionTruth(server: FleetServer, sessionIds: readonly string[]): Promise<SessionTruth[]> {
  try {
    const status = await sessionStatus(server);
    const busy = (id: string) => {
      const s = (status as Record<string, { type?: string } | undefined>)[id];
      return s !== undefined && s.type !== "idle";
    };
    const out: SessionTruth[] = [];
    for (const id of sessionIds) {
      const counts = roleCounts(await listMessages(server, id));
      out.push({ id, server: server.name, up: true, busy: busy(id), ...counts });
    }
    return out;
  } catch {
    return sessionIds.map((id) => ({ id, server: server.name, up: false, busy: false, users: 0, assistants: 0 }));
  }
}
