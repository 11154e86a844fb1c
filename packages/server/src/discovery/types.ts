/** The registry as the routes see it. The API shapes are in contract/hub-api.ts (re-exported here for the server's modules). */

export type {
  AttachedTui,
  CredentialsResult,
  Instance,
  InstanceKind,
  InstanceProtocol,
  InstancesDocument,
  InstanceStatus,
  ScanInfo,
  UnreachableProcess,
} from "../contract/hub-api.js";
import type { CredentialsResult, InstancesDocument } from "../contract/hub-api.js";

/** Credentials for a password-protected server. Never logged. */
export interface Credentials {
  username: string;
  password: string;
}

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
