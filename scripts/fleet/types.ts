import type { MockLlm, MockLlmOptions } from "../mock-llm/index.js";

/** Which OpenCode line a server runs: 1 = `opencode-ai` 1.x, 2 = `@opencode/cli` 2.x. */
export type Generation = 1 | 2;

/**
 * How it was started. 1.x: `serve`, `tui` (`opencode <dir> --port P`). 2.x: `serve`
 * (`opencode serve --port N`), `service` (the HOME's background service), `tui` (the default
 * TUI, attached to the service) and `standalone` (`opencode --standalone`, private server child).
 */
export type ServerKind = "serve" | "tui" | "service" | "standalone";

/** One running OpenCode process of the fleet. */
export interface FleetServer {
  /** Fleet-unique name (alpha, beta, …); also the repo folder and tmux session name. */
  name: string;
  pid: number;
  port: number;
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /**
   * Launch directory, as `GET /path` reports it (1.x). For a 2.x `service` it is the repo the
   * fleet made for it (where createSession puts sessions); the service process itself runs in HOME.
   */
  directory: string;
  kind: ServerKind;
  generation: Generation;
  /** Always set for 2.x (the one it uses, whether the fleet, the service config or OpenCode made it up). */
  password?: string;
  username?: string;
  /** `/global/health` version (1.x, e.g. "1.18.33") or `/api/info` version (2.x, "2.1.2"). */
  version: string;
  /** Basic-auth header for password servers (every 2.x), `{}` otherwise; spread it into fetch headers. */
  headers: Record<string, string>;
  /** 2.x TUIs: pid of the process serving `port` (the service, or standalone's `serve --stdio` child); `pid` is the TUI. */
  serverPid?: number;
  /** Output so far: serve → stdout+stderr tail; tui → the current pane text. */
  logs(): string;
  /** Signal the process (default SIGTERM, SIGKILL after 5 s); resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A 2.x fleet server: its password is always known. The fleet's REST helpers type their answers by it. */
export type V2FleetServer = FleetServer & { generation: 2; password: string };

/** Options of Fleet.startServer. */
export interface StartServerOptions {
  /** Launch directory; created as a one-commit git repo when it does not exist. Default: <root>/<name>. */
  directory?: string;
  /** Default: a free port picked by the fleet. serve/tui only (the 2.x service has the fleet's service port). */
  port?: number;
  /** 1.x: the password variable (none by default). 2.x serve: made up by the fleet unless given; service/tui: `service set password`. */
  password?: string;
  /** 1.x only (2.x accepts only the user "opencode"). */
  username?: string;
  /** Default "serve". `service` and `standalone` exist for generation 2 only. */
  kind?: ServerKind;
  /** OpenCode line to run (default 1: the pinned opencode-ai; 2: the pinned @opencode/cli). */
  generation?: Generation;
  /**
   * 2.x serve only. false: start without OPENCODE_SERVER_PASSWORD, so OpenCode makes a password up and
   * prints it (the fleet reads it from stdout; nobody else can find it). Default true.
   */
  passwordVar?: boolean;
  name?: string;
  /** Readiness timeout (default 60 s: the machine is small and often busy). */
  timeoutMs?: number;
  /** Another OpenCode binary to run (serve only), e.g. the 1.0.61 one of legacyOpencodeBin(). Default: the pinned opencode-ai. */
  bin?: string;
  /** 1.x serve: `--mdns --hostname 0.0.0.0` (announces `opencode-<port>` over DNS-SD); use it inside a test namespace only. */
  mdns?: boolean;
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
  startServer(opts: StartServerOptions & { generation: 2 }): Promise<V2FleetServer>;
  startServer(opts?: StartServerOptions): Promise<FleetServer>;
  /** Start the same kind again on the same port and directory (kills it first if still alive). */
  restart(server: FleetServer): Promise<FleetServer>;
  /** The isolated env used for OpenCode processes (without any password). */
  env(): NodeJS.ProcessEnv;
  /** Visible text of a TUI server's tmux pane. */
  capture(server: FleetServer): string;
  /** The fleet HOME's OpenCode 2 service port (`service set port`), set when a 2.x service or TUI first starts. */
  servicePort(): Promise<number>;
  /** Kill everything the fleet started (by pid), its tmux server and the mock; remove temp dirs unless keep. */
  stop(): Promise<void>;
}

/** Options of startFleet. */
export interface FleetOptions {
  /** `opencode serve` processes to start (default 1). */
  count?: number;
  /** TUI processes to start in tmux (default 0; throws when tmux is missing). */
  tui?: number;
  /** OpenCode 2 `serve` processes to start (default 0). */
  v2?: number;
  /** Start the HOME's OpenCode 2 background service (default false). */
  service?: boolean;
  /** OpenCode 2 default TUIs (attached to the service) to start in tmux (default 0). */
  v2Tui?: number;
  /** OpenCode 2 `--standalone` TUIs to start in tmux (default 0). */
  standalone?: number;
  /** Password for the initial servers (not for later startServer calls unless given there). */
  password?: string;
  username?: string;
  /** Mock model per-word delay (default 20 ms). */
  wordDelayMs?: number;
  /** Keep the temp root after stop() (for debugging). Also: env SWITCHBOARD_FLEET_KEEP=1. */
  keep?: boolean;
  /**
   * Run serve processes inside a network namespace the test made (`ip netns exec <name>`), bound to
   * `address` there; the mock model listens on `hostAddress` (the namespace link's host end). serve only.
   */
  netns?: { name: string; address: string; hostAddress: string };
  /** Called with every chat request the mock model gets (to see what OpenCode really sends). */
  onRequest?: MockLlmOptions["onRequest"];
}
