/** Command line of `npm run fleet` (pure: parsed here, acted on in cli.ts). */
import { parseArgs } from "node:util";
import type { FleetOptions } from "./types.js";

/** Printed by `--help` and after a bad command line. */
export const USAGE = `Usage: npm run fleet -- [options]

Starts the mock model and real OpenCode servers in a throwaway HOME, prints them, and
stops everything on Ctrl-C.

OpenCode 1.x (opencode-ai):
  --count N         opencode serve processes (default 1)
  --tui N           TUIs (opencode <dir> --port P) in tmux (default 0)
  --password PW     Basic-auth password of those servers (user "opencode")
  --username NAME   Basic-auth user of those servers
OpenCode 2 (@opencode/cli):
  --v2 N            opencode serve processes (default 0; each gets a made-up password, or --password)
  --service         the HOME's background service, on a free port of its own (never 49374)
  --v2-tui N        default TUIs in tmux, attached to the service (default 0)
  --standalone N    opencode --standalone TUIs in tmux, each with a private server (default 0)
Both:
  --delay MS        mock model delay per streamed word (default 20)
  --keep            keep the temp root after stopping
  --help, -h        print this and exit`;

/** What the CLI was asked to do. */
export type FleetCommand = { help: true } | { help: false; options: FleetOptions };

/** A non-negative integer flag value; throws with the flag's name otherwise. */
function count(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} needs a whole number ≥ 0, got "${value}"`);
  return n;
}

/** Parse the fleet CLI's argv (without node and the script); throws on unknown or bad flags. */
export function parseFleetArgs(argv: string[]): FleetCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: "string", default: "1" },
      tui: { type: "string", default: "0" },
      password: { type: "string" },
      username: { type: "string" },
      v2: { type: "string", default: "0" },
      service: { type: "boolean", default: false },
      "v2-tui": { type: "string", default: "0" },
      standalone: { type: "string", default: "0" },
      delay: { type: "string", default: "20" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { help: true };
  return {
    help: false,
    options: {
      count: count("count", values.count),
      tui: count("tui", values.tui),
      password: values.password,
      username: values.username,
      v2: count("v2", values.v2),
      service: values.service,
      v2Tui: count("v2-tui", values["v2-tui"]),
      standalone: count("standalone", values.standalone),
      wordDelayMs: count("delay", values.delay),
      keep: values.keep,
    },
  };
}
