/** Where the hub keeps state: `$XDG_STATE_HOME/switchboard` (default `~/.local/state/switchboard`). */
import { homedir } from "node:os";
import { join } from "node:path";

/** The hub's state folder for an environment. */
export function stateDirOf(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith("/") ? env.XDG_STATE_HOME : join(home, ".local", "state");
  return join(base, "switchboard");
}

/** The search index's folder inside it. */
export function searchDirOf(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return join(stateDirOf(env, home), "search");
}
