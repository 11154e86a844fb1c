import type { InstanceKind } from "./types.js";

/** Flags of the `opencode` CLI that take a value (from `opencode --help`, 1.18.x and 2.1.2); others are boolean. */
const VALUE_FLAGS = new Set([
  "--server",
  "--completions",
  "--port",
  "--hostname",
  "--mdns-domain",
  "--cors",
  "--log-level",
  "--model",
  "-m",
  "--session",
  "-s",
  "--prompt",
  "--agent",
  "--replay-limit",
]);

/**
 * Subcommands that are not the default TUI. `serve`/`web` are servers; `mini` (2.x) is an interactive
 * client like the TUI; the rest are one-shot tools (2.x adds `service`, `pair`, `api`, `reload`, `update`).
 */
const SUBCOMMANDS = new Set([
  "mini",
  "service",
  "pair",
  "api",
  "reload",
  "update",
  "serve",
  "web",
  "completion",
  "acp",
  "mcp",
  "attach",
  "run",
  "debug",
  "providers",
  "auth",
  "agent",
  "upgrade",
  "uninstall",
  "models",
  "stats",
  "export",
  "import",
  "github",
  "pr",
  "session",
  "plugin",
  "plug",
  "db",
  "generate",
]);

/** What the OpenCode part of an argv says about the process. */
export interface OpenCodeArgs {
  kind: InstanceKind;
  /** The subcommand (`serve`, `run`, …) or null for the default TUI. */
  subcommand: string | null;
  /** Value of --port when given (0 means "any free port"). */
  port: number | null;
  /** True when --port, --hostname or --mdns asks the TUI to listen on TCP. */
  listens: boolean;
  /** `serve --stdio` (2.x): a private server driven over stdin, e.g. the child of `opencode --standalone`. */
  stdio: boolean;
}

/** Reads the arguments that follow the opencode executable/script (argv without argv[0]). */
export function parseOpenCodeArgs(args: readonly string[]): OpenCodeArgs {
  let firstPositional: string | undefined;
  let port: number | null = null;
  let listens = false;
  let service = false;
  let stdio = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") break;
    if (arg.startsWith("-")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg : arg.slice(0, eq);
      let value: string | undefined;
      if (eq !== -1) value = arg.slice(eq + 1);
      else if (VALUE_FLAGS.has(name)) value = args[++i];
      if (name === "--port") {
        listens = true;
        const n = Number(value);
        port = Number.isInteger(n) && n >= 0 && n < 65536 ? n : null;
      } else if (name === "--hostname" || name === "--mdns") {
        listens = true;
      } else if (name === "--service") {
        service = true;
      } else if (name === "--stdio") {
        stdio = true;
      }
      continue;
    }
    // Only the first positional decides: a subcommand, or else the TUI's project directory.
    firstPositional ??= arg;
  }
  const sub = firstPositional !== undefined && SUBCOMMANDS.has(firstPositional) ? firstPositional : null;
  return { kind: kindOf(sub, service), subcommand: sub, port, listens, stdio: sub === "serve" && stdio };
}

function kindOf(subcommand: string | null, service: boolean): InstanceKind {
  if (subcommand === null || subcommand === "mini") return "tui";
  // `serve --service` is OpenCode 2's background service (started by `opencode service start` or the TUI).
  if (subcommand === "serve") return service ? "service" : "serve";
  if (subcommand === "web") return "web";
  return "other";
}

/**
 * Splits a ps `cmd` string into argv. ps joins argv with spaces, so this is a best effort
 * used only when the exact NUL-separated /proc/PID/cmdline is unavailable.
 */
export function splitCommandLine(cmd: string): string[] {
  return cmd
    .trim()
    .split(/\s+/)
    .filter((s) => s.length > 0);
}

/** Splits /proc/PID/cmdline (NUL-separated, trailing NUL). */
export function splitProcCmdline(raw: string): string[] {
  const parts = raw.split("\0");
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}
