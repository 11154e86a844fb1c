/**
 * The hub's state folder ($XDG_STATE_HOME/switchboard, else ~/.local/state/switchboard) and its
 * small JSON files. They hold secrets (OpenCode passwords, peer credentials), so the folder is
 * 0700 and every file is written 0600 through a temporary file and a rename (never half-written).
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/** The state folder for this environment. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.trim() !== "" ? env.XDG_STATE_HOME : join(env.HOME ?? homedir(), ".local", "state");
  return join(base, "switchboard");
}

/** Reads a JSON file of the state folder; `fallback` when it does not exist yet. */
export async function readState<T>(dir: string, name: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(join(dir, name), "utf8")) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return fallback;
    throw new Error(`Cannot read ${join(dir, name)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Writes a JSON file of the state folder, mode 0600, atomically. */
export async function writeState(dir: string, name: string, value: unknown): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, name);
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps the mode of an existing file; the rename target must be 0600 whatever was there.
  await chmod(temp, 0o600);
  await rename(temp, target).catch(async (err: unknown) => {
    await rm(temp, { force: true });
    throw err;
  });
}
