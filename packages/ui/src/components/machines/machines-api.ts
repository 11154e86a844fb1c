/**
 * The hub's machines API: add an OpenCode server by URL and password, add another Switchboard by
 * its one-time sign-in link, remove either (a machine is asked to revoke this hub's credential). The hub's refusals carry words; they are passed on.
 */
import type { Machine } from "../../api/hub-types";

/** Client of the machines API (same origin as the page). */
export interface MachinesClient {
  addServer(url: string, password: string): Promise<void>;
  addMachine(link: string): Promise<Machine>;
  /** Resolves with whether that machine revoked this hub's credential too, and words saying so. */
  removeMachine(id: string): Promise<{ revoked: boolean; message: string }>;
  removeServer(id: string): Promise<void>;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The hub's `{ ok:false, message }`, or words about the status when the answer is not the hub's. */
async function failure(res: Response, what: string): Promise<Error> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === "string" && body.message) return new Error(body.message);
  } catch {
    // Not the hub's JSON (a proxy page, say).
  }
  return new Error(`The Switchboard hub could not ${what} (HTTP ${res.status}).`);
}

/** Creates the client. */
export function makeMachinesClient(fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init)): MachinesClient {
  const call = async (method: string, url: string, what: string, body?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new Error(`The Switchboard hub did not answer (${err instanceof Error ? err.message : String(err)}).`);
    }
    if (!res.ok) throw await failure(res, what);
    return res.json();
  };
  return {
    async addServer(url, password) {
      await call("POST", "/api/url-servers", "add the server", { url, password });
    },
    async addMachine(link) {
      return ((await call("POST", "/api/machines", "add the machine", { link })) as { machine: Machine }).machine;
    },
    async removeMachine(id) {
      return (await call("DELETE", `/api/machines/${encodeURIComponent(id)}`, "remove the machine")) as { revoked: boolean; message: string };
    },
    async removeServer(id) {
      await call("DELETE", `/api/url-servers/${encodeURIComponent(id)}`, "remove the server");
    },
  };
}
