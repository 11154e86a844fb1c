/** Contracts of the hub API (see ARCHITECTURE.md "Hub API"). The UI and the tests rely on these shapes. */

/** How the process was started, read from argv. */
export type InstanceKind = "serve" | "tui" | "web" | "other";

/** `global`: has /global/event and /global/health (1.2+). `legacy`: only /event (1.0.x). */
export type InstanceProtocol = "global" | "legacy";

/** `auth-required`: answered 401 Basic realm="Secure Area" and the hub holds no working credentials. */
export type InstanceStatus = "ready" | "auth-required";

/** One verified OpenCode server the browser can reach. */
export interface Instance {
  /** Stable while the process lives: derived from pid + port + process start time. */
  id: string;
  /** Base URL the browser uses for REST, e.g. http://127.0.0.1:4096 (no trailing slash). */
  url: string;
  port: number;
  pid: number;
  /** Launch directory (GET /path → directory); null while unknown (auth-required). */
  directory: string | null;
  kind: InstanceKind;
  version: string | null;
  protocol: InstanceProtocol;
  status: InstanceStatus;
  /** Full EventSource URL (with ?auth_token= for password servers); null while auth-required. */
  eventsUrl: string | null;
  /** ISO timestamp of the first successful verification. */
  firstSeenAt: string;
}

/** An OpenCode process that no port scan can reach (a TUI started without --port). */
export interface UnreachableProcess {
  pid: number;
  command: string;
  directory: string | null;
  reason: "no-listening-port";
  /** What the user can do about it, in words. */
  hint: string;
}

export interface ScanInfo {
  /** ISO timestamp of the end of the last scan. */
  at: string;
  durationMs: number;
  /** How ports were mapped to pids: "procfs" | "lsof" | "none". */
  method: string;
  /** Why the scan could not see processes or ports, in words a user can act on; null when fine. */
  error: string | null;
}

/** The document of GET /api/instances and of every /api/instances/stream message. */
export interface InstancesDocument {
  instances: Instance[];
  unreachable: UnreachableProcess[];
  scan: ScanInfo;
}

/** Credentials for a password-protected server. Never logged. */
export interface Credentials {
  username: string;
  password: string;
}

/** Result of POST /api/instances/:id/credentials. */
export type CredentialsResult =
  | { ok: true; instance: Instance }
  | { ok: false; reason: "not-found" | "rejected" | "unreachable"; message: string };

/** The registry as the routes see it: a live document plus credential handling. */
export interface InstanceRegistry {
  /** The current document (cheap; returns the cached value). */
  snapshot(): InstancesDocument;
  /** Called after every change of the document (not on scans that change nothing). Returns an unsubscribe. */
  subscribe(listener: (doc: InstancesDocument) => void): () => void;
  /** Verifies credentials against the instance and, if they work, keeps them in memory. */
  setCredentials(id: string, credentials: Credentials): Promise<CredentialsResult>;
  /** Starts periodic scanning. */
  start(): void;
  /** Stops scanning and releases timers and sockets. */
  stop(): Promise<void>;
}
