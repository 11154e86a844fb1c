/**
 * Which passwords an OpenCode process can be opened with, from what the same user may read (pure;
 * procfs.ts does the reading). Never logged.
 *
 * - 1.x: `OPENCODE_SERVER_PASSWORD` (user `OPENCODE_SERVER_USERNAME`, default `opencode`).
 * - 2.x `serve` and the standalone TUI's child: `OPENCODE_SERVER_PASSWORD` or `OPENCODE_PASSWORD`, user `opencode`.
 * - 2.x service (`serve --service`): ignores those; its password is in `service.json`, under the
 *   state folder while it runs and under the config folder as a setting, both found through
 *   HOME/XDG_* of the service's own environment (never the hub's: the service may be another HOME's).
 */
import type { Credentials } from "./types.js";

/** OpenCode 2 accepts this username only. */
export const V2_USERNAME = "opencode";

/** A NUL-separated /proc/PID/environ as a map (the first `=` splits; later ones stay in the value). */
export function parseEnviron(raw: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of raw.split("\0")) {
    const eq = entry.indexOf("=");
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** Credentials named by a process's environment, most specific first, without duplicates. */
export function environCredentials(env: ReadonlyMap<string, string>): Credentials[] {
  const out: Credentials[] = [];
  const server = env.get("OPENCODE_SERVER_PASSWORD");
  // An empty value means "no password" to 1.x and "make one up" to 2.x: nothing to try either way.
  if (server) out.push({ username: env.get("OPENCODE_SERVER_USERNAME") || V2_USERNAME, password: server });
  if (server) out.push({ username: V2_USERNAME, password: server });
  const v2 = env.get("OPENCODE_PASSWORD");
  if (v2) out.push({ username: V2_USERNAME, password: v2 });
  return dedupe(out);
}

/** The service's `service.json` files, state (the running service's) first, then config (its settings). */
export function serviceFilePaths(env: ReadonlyMap<string, string>): string[] {
  const home = absolute(env.get("HOME"));
  const state = absolute(env.get("XDG_STATE_HOME")) ?? (home === null ? null : `${home}/.local/state`);
  const config = absolute(env.get("XDG_CONFIG_HOME")) ?? (home === null ? null : `${home}/.config`);
  return [state, config].flatMap((dir) => (dir === null ? [] : [`${dir}/opencode/service.json`]));
}

/** The `password` of a service.json text; null for anything else (missing, not JSON, no password). */
export function serviceFilePassword(text: string | null): string | null {
  if (text === null) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const password = (body as Record<string, unknown>)["password"];
  return typeof password === "string" && password !== "" ? password : null;
}

/**
 * Everything worth trying on a process, in order: for the service its service.json passwords
 * (`readFile` gives a file's text or null), then whatever its environment names.
 */
export function knownCredentials(env: ReadonlyMap<string, string>, isService: boolean, readFile: (path: string) => string | null): Credentials[] {
  const fromFiles = isService
    ? serviceFilePaths(env).flatMap((path) => {
        const password = serviceFilePassword(readFile(path));
        return password === null ? [] : [{ username: V2_USERNAME, password }];
      })
    : [];
  return dedupe([...fromFiles, ...environCredentials(env)]);
}

/** XDG base directories must be absolute; a relative value is ignored (the spec says so). */
function absolute(path: string | undefined): string | null {
  return path !== undefined && path.startsWith("/") ? path.replace(/\/+$/, "") || "/" : null;
}

function dedupe(list: Credentials[]): Credentials[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = `${c.username}\0${c.password}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
