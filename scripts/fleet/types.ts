import type { MockLlm, MockLlmOptions } from "../mock-llm/index.js";

/** One running OpenCode process of the fleet. */
export interface FleetServer {
  /** Fleet-unique name (alpha, beta, …); also the repo folder and tmux session name. */
  name: string;
  pid: number;
  port: number;
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** Launch directory, as `GET /path` reports it. */
  directory: string;
  kind: "serve" | "tui";
  password?: string;
  username?: string;
  /** `/global/health` version, e.g. "1.18.33". */
  version: string;
  /** Basic-auth header for password servers, `{}` otherwise; spread it into fetch headers. */
  headers: Record<string, string>;
  /** Output so far: serve → stdout+stderr tail; tui → the current pane text. */
  logs(): string;
  /** Signal the process (default SIGTERM, SIGKILL after 5 s); resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of Fleet.startServer. */
export interface StartServerOptions {
  /** Launch directory; created as a one-commit git repo when it does not exist. Default: <root>/<name>. */
  directory?: string;
  /** Default: a free port picked by the fleet. */
  port?: number;
  password?: string;
  username?: string;
  kind?: "serve" | "tui";
  name?: string;
  /** Readiness timeout (default 60 s: the machine is small and often busy). */
  timeoutMs?: number;
  /** Another OpenCode binary to run (serve only), e.g. the 1.0.61 one of legacyOpencodeBin(). Default: the pinned opencode-ai. */
  bin?: string;
  /** Required with a 1.0.x `bin`: it has no /global/health, so readiness is GET /path and this is the reported version. */
  legacyVersion?: string;
}

/** A set of OpenCode servers plus the mock model they use. */
export interface Fleet {
  /** Temp root holding home/, logs/ and one repo per server. */
  root: string;
  /** The one isolated HOME all servers share (so they share one database, like a real user). */
  home: string;
  llm: MockLlm;
  /** Socket path of the private tmux server of the TUIs: `tmux -S <tmuxSocket> attach -t <name>`. */
  tmuxSocket: string;
  /** Servers in start order; restart() replaces an entry in place; killed servers stay listed. */
  servers: FleetServer[];
  startServer(opts?: StartServerOptions): Promise<FleetServer>;
  /** Start the same kind again on the same port and directory (kills it first if still alive). */
  restart(server: FleetServer): Promise<FleetServer>;
  /** The isolated env used for OpenCode processes (without any password). */
  env(): NodeJS.ProcessEnv;
  /** Visible text of a TUI server's tmux pane. */
  capture(server: FleetServer): string;
  /** Kill everything the fleet started (by pid), its tmux server and the mock; remove temp dirs unless keep. */
  stop(): Promise<void>;
}

/** Options of startFleet. */
export interface FleetOptions {
  /** `opencode serve` processes to start (default 1). */
  count?: number;
  /** TUI processes to start in tmux (default 0; throws when tmux is missing). */
  tui?: number;
  /** Password for the initial servers (not for later startServer calls unless given there). */
  password?: string;
  username?: string;
  /** Mock model per-word delay (default 20 ms). */
  wordDelayMs?: number;
  /** Keep the temp root after stop() (for debugging). Also: env SWITCHBOARD_FLEET_KEEP=1. */
  keep?: boolean;
  /** Called with every chat request the mock model gets (to see what OpenCode really sends). */
  onRequest?: MockLlmOptions["onRequest"];
}
