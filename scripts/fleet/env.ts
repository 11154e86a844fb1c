import type { HomeDirs } from "./workspace.js";

/** Env switches that keep OpenCode off the network and away from the real user's files. */
export const OFFLINE_FLAGS: Readonly<Record<string, string>> = {
  OPENCODE_DISABLE_MODELS_FETCH: "1",
  OPENCODE_DISABLE_AUTOUPDATE: "1",
  OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
  OPENCODE_DISABLE_SHARE: "1",
  OPENCODE_DISABLE_DEFAULT_PLUGINS: "1",
  OPENCODE_DISABLE_CLAUDE_CODE: "1",
  OPENCODE_DISABLE_EXTERNAL_SKILLS: "1",
};

/**
 * The env every fleet OpenCode runs with: the parent's env minus anything OpenCode-ish
 * (a test started from inside an OpenCode session must not inherit its password or pid),
 * HOME and XDG_* pointing into the fleet, plus the offline flags.
 */
export function isolatedEnv(dirs: HomeDirs, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (key.startsWith("OPENCODE") || key.startsWith("XDG_") || key === "AGENT" || key.startsWith("TMUX")) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: dirs.home,
    XDG_DATA_HOME: dirs.data,
    XDG_CONFIG_HOME: dirs.config,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    ...OFFLINE_FLAGS,
  };
}

/** Extra env of one server: its password, if any. */
export function authEnv(password: string | undefined, username: string | undefined): Record<string, string> {
  if (!password) return {};
  return { OPENCODE_SERVER_PASSWORD: password, ...(username ? { OPENCODE_SERVER_USERNAME: username } : {}) };
}

/** Basic auth header for a password server (username defaults to "opencode", as in OpenCode). */
export function authHeaders(password: string | undefined, username: string | undefined): Record<string, string> {
  if (!password) return {};
  const token = Buffer.from(`${username ?? "opencode"}:${password}`).toString("base64");
  return { authorization: `Basic ${token}` };
}
