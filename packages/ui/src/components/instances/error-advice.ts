/** What to tell the user about an OpenCode server whose API answers errors (hub status "error"). Pure. */
import type { Instance } from "../../api/hub-types";

/** Words for one broken instance: what is wrong, and what to do about it. */
export interface ErrorAdvice {
  /** One line: what is wrong, in words. */
  problem: string;
  /** What to do; backticks mark commands. */
  fix: string;
}

/**
 * Failures of OpenCode's database (Drizzle/SQLite): measured with 1.14.41 started on a data folder
 * that 1.18.33 had migrated, which answers `DrizzleError: Failed to run the query 'CREATE TABLE project' …`.
 */
const DATABASE_ERROR = /drizzle|sqlite|create table|no such (table|column)|migration|database/i;

/** The problem and the fix for a broken instance; the database case says why versions clash. */
export function errorAdvice(info: Pick<Instance, "error" | "version">): ErrorAdvice {
  const message = info.error ?? "its API answers errors";
  const version = info.version ? `OpenCode ${info.version}` : "This OpenCode";
  if (DATABASE_ERROR.test(message)) {
    return {
      problem: `${version} cannot use its database. OpenCode versions that share one data folder are incompatible: a newer version has changed the database this one expects.`,
      fix: "Give each version its own data folder (start it with `XDG_DATA_HOME=~/.local/share/opencode-old opencode …`), or run one OpenCode version for everything (upgrade this one with `opencode upgrade`).",
    };
  }
  return {
    problem: `${version} is running but its API answers errors.`,
    fix: "Check its terminal output, then restart it. Switchboard keeps checking and connects as soon as it answers.",
  };
}
