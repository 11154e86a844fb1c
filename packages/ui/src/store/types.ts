/**
 * Shapes of the UI's normalized stores (flat, keyed). The reducer, the resync and the views share them.
 * OpenCode payload types come from @opencode-ai/sdk (type-only).
 */
import type { Message, Part, PermissionRequest, QuestionRequest, Session, SessionStatus, Todo } from "@opencode-ai/sdk/v2";
import type { Instance, InstancesDocument, Machine, NearbySwitchboard, ScanInfo, UnreachableProcess } from "@switchboard/server/contract";

export type { Message, Part, PermissionRequest, QuestionRequest, Session, SessionStatus, Todo };
/** Part variants and the hub's Instance, re-exported so views import every shape from one place. */
export type {
  AgentPart,
  AssistantMessage,
  CompactionPart,
  FilePart,
  PatchPart,
  ReasoningPart,
  RetryPart,
  SnapshotPart,
  StepFinishPart,
  StepStartPart,
  SubtaskPart,
  TextPart,
  ToolPart,
  ToolState,
  UserMessage,
} from "@opencode-ai/sdk/v2";
export type { Instance };

/** The connection indicator of one instance tab (`data-connection`). */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "stalled" | "offline" | "auth-required" | "error";

/** Live state of one instance's EventSource, as the tab shows it. */
export interface ConnectionInfo {
  state: ConnectionState;
  /** Reconnect attempt number (1 = first retry); 0 when not reconnecting. */
  attempt: number;
  /** Epoch ms of the next reconnect try, while reconnecting. */
  nextRetryAt: number | null;
  /** Why the state is error/offline, in words. */
  error: string | null;
}

/** Per-instance counters. */
export interface InstanceCounters {
  events: number;
  /** Frames that failed to parse or apply. */
  errors: number;
  /** Frames of event types the reducer does not know (tolerated, counted). */
  unknown: number;
  /** Epoch ms of the last frame of any kind (heartbeats included). */
  lastEventAt: number | null;
}

export interface InstanceEntry {
  info: Instance;
  connection: ConnectionInfo;
  counters: InstanceCounters;
  /** True once the hub has dropped it (the process is gone); kept briefly so its tab can say "offline". */
  gone: boolean;
  /** True once a resync has loaded what it lists (its sessions are in the store); absent = not yet. */
  listed?: boolean;
}

/** One session, merged across every instance that knows it (keyed by session id). */
export interface SessionEntry {
  info: Session;
  /** Ids of the instances whose lists or streams have shown this session. */
  seenBy: string[];
  /** The instance that most recently streamed a live event for it, and when (epoch ms). */
  liveOwner: { instanceId: string; at: number } | null;
}

/** An error reported by `session.error`, kept where it happened. */
export interface SessionErrorEntry {
  /** The last message id at the moment the error arrived (the error renders after it), or null. */
  afterMessageId: string | null;
  name: string;
  message: string;
  at: number;
}

/** The whole UI state. Messages per session and parts per message are kept sorted by id. */
export interface State {
  hub: { state: "connecting" | "connected" | "error"; error: string | null };
  instances: Record<string, InstanceEntry>;
  unreachable: UnreachableProcess[];
  scan: ScanInfo | null;
  /** Peer Switchboards this hub follows, with their connection (the hub document's `machines`). */
  machines: Machine[];
  /** Switchboards announced on the LAN (`nearby`, with --mdns), offered by "Add a machine". */
  nearby: NearbySwitchboard[];
  sessions: Record<string, SessionEntry>;
  /** sessionID → messages, sorted by id. */
  messages: Record<string, Message[]>;
  /** messageID → parts, sorted by id. */
  parts: Record<string, Part[]>;
  /** sessionID → status (absent = idle). */
  status: Record<string, SessionStatus>;
  /** sessionID → pending permission requests. */
  permissions: Record<string, PermissionRequest[]>;
  /** sessionID → pending questions. */
  questions: Record<string, QuestionRequest[]>;
  todos: Record<string, Todo[]>;
  sessionErrors: Record<string, SessionErrorEntry[]>;
  /** sessionID → cursor for older messages (X-Next-Cursor), null when the full history is loaded. */
  historyCursor: Record<string, string | null>;
  /**
   * Ids (message and part ids) added optimistically by this page that the server has not confirmed yet.
   * Resync keeps an optimistic message the server's page lacks; the server's first part for it replaces these parts.
   */
  optimistic?: Record<string, true>;
  /**
   * Instance id → the id of the process that took its place (restarted in the same directory),
   * so a URL naming the exited process still selects its successor's tab.
   */
  replacedBy?: Record<string, string>;
  /** sessionID → the whole-session changed files from `session.diff` (optional: older State literals stay valid). */
  diffs?: Record<string, FileDiff[]>;
}

/** One event as it reaches the reducer: sync mirrors already dropped, legacy frames normalized. */
export interface IncomingEvent {
  /** Instance the frame came from. */
  instanceId: string;
  /** `directory` of the global envelope, when present. */
  directory: string | null;
  type: string;
  properties: Record<string, unknown>;
  /** Epoch ms the frame was received. */
  receivedAt: number;
}

/** What a (re)connect refetches from one instance; the store is reconciled to equal it. */
export interface InstanceSnapshot {
  /** The instance's launch directory the session list was read for. */
  directory: string;
  /** GET /session?directory=D (newest first). */
  sessions: Session[];
  /** GET /session/status: only non-idle sessions are present. */
  status: Record<string, SessionStatus>;
  permissions: PermissionRequest[];
  questions: QuestionRequest[];
}

/** A page of GET /session/{id}/message?limit=N[&before=C]: messages oldest first, with their parts. */
export interface MessagePage {
  messages: Array<{ info: Message; parts: Part[] }>;
  /** X-Next-Cursor: older messages exist when non-null. */
  cursor: string | null;
}

/** Store mutations. Only the live engine calls these; views never get raw setters. */
export interface StoreMutations {
  setHubState(state: State["hub"]["state"], error: string | null): void;
  /** Replace instances/unreachable/scan from a hub document; instances that left are marked gone/offline. */
  setHubDocument(doc: InstancesDocument): void;
  setConnection(instanceId: string, info: ConnectionInfo): void;
  /** Record that a resync of this instance has been applied (views can then tell "not listed yet" from "gone"). */
  markListed(instanceId: string): void;
  /** Count a frame that carried no reducer work (heartbeat, parse error). */
  countFrame(instanceId: string, kind: "heartbeat" | "error", at: number): void;
  /** Apply a batch of events inside one Solid batch(). */
  applyEvents(events: IncomingEvent[]): void;
  /** Make the store equal an instance's fresh answers (sessions of its directory, statuses, pending requests). */
  reconcileInstance(instanceId: string, snapshot: InstanceSnapshot): void;
  /** Merge a page of messages: "latest" replaces the newest window, "older" prepends history. */
  reconcileMessages(instanceId: string, sessionId: string, page: MessagePage, mode: "latest" | "older"): void;
  /** Insert or update a session learned outside the stream (e.g. right after POST /session). */
  upsertSession(instanceId: string, session: Session): void;
  /** Optimistic user message (client-generated id) so the server's copy merges into it. */
  addOptimisticMessage(sessionId: string, message: Message, parts: Part[]): void;
  removeMessage(sessionId: string, messageId: string): void;
}

/** The provider/model pair a prompt or a compaction goes to. */
export interface ModelRef {
  providerID: string;
  modelID: string;
}

/** One changed file as `GET /session/{id}/diff` and `session.diff` report it (paths relative to the session directory). */
export interface FileDiff {
  file: string;
  /** Unified diff text (may be absent on older servers). */
  patch?: string;
  additions: number;
  deletions: number;
  status?: "added" | "deleted" | "modified";
}

/** A markdown document ready to download. */
export interface MarkdownExport {
  filename: string;
  markdown: string;
}

/** What views may do with one session. Rejections carry words for the user. */
export interface SessionActions {
  rename(title: string): Promise<void>;
  setArchived(archived: boolean): Promise<void>;
  /** Deletes the session (ask the user first). */
  remove(): Promise<void>;
  /** Forks at `messageID` (history before it; all of it without one) and returns the new session, already in the store. */
  fork(messageID?: string | null): Promise<Session>;
  /** Reverts the last turn; resolves false when there is nothing to undo. */
  undo(): Promise<boolean>;
  /** Restores the next reverted turn; resolves false when nothing is reverted. */
  redo(): Promise<boolean>;
  /** Reverts user message `messageID` and every turn after it (files too); Redo or `restoreAll` brings them back. */
  revertTo(messageID: string): Promise<void>;
  /** Brings back everything reverted (unrevert). */
  restoreAll(): Promise<void>;
  /** Compacts with `model`, or the model the session last used. */
  compact(model?: ModelRef): Promise<void>;
  /** Files changed by the turn started by user message `messageID` (whole session without one). */
  diff(messageID?: string | null): Promise<FileDiff[]>;
  exportMarkdown(): Promise<MarkdownExport>;
}

/** What a prompt may carry besides its text: the composer's agent and model choice, file parts. */
export interface PromptExtras {
  agent?: string;
  model?: ModelRef;
  files?: Array<{ mime: string; url: string; filename: string }>;
  /** While the session runs: wait for the turn to end ("queue") or steer it; only where the owner's adapter offers the choice. */
  delivery?: "steer" | "queue";
}

/** What views may do; each goes to the right instance (the session's owner). Errors reject with words. */
export interface WorkspaceActions {
  /** Sends a prompt to the session's owner; rejects (text kept by the caller) on failure. */
  sendPrompt(sessionId: string, text: string, extras?: PromptExtras): Promise<void>;
  abort(sessionId: string): Promise<void>;
  replyPermission(sessionId: string, requestId: string, reply: "once" | "always" | "reject"): Promise<void>;
  replyQuestion(sessionId: string, requestId: string, answers: string[][]): Promise<void>;
  rejectQuestion(sessionId: string, requestId: string): Promise<void>;
  /** Creates a session on the instance and returns it. */
  createSession(instanceId: string): Promise<Session>;
  /**
   * The lazy `+`: creates a session on the instance with its first prompt and resolves its id once
   * the prompt is accepted. A session created whose prompt then failed is reused by the next try.
   */
  startSession(instanceId: string, text: string, extras?: PromptExtras): Promise<string>;
  /** Loads the newest page of a session's messages (on open) from its owner or any instance that knows it. */
  openSession(sessionId: string): Promise<void>;
  /**
   * The sessions the page shows (its open tabs): after a reconnect only these (and the session lists)
   * are refetched, not every session ever opened.
   */
  showSessions(sessionIds: readonly string[]): void;
  /** Loads the next older page; resolves false when the history is complete. */
  loadOlder(sessionId: string): Promise<boolean>;
  /** Sends credentials to the hub for a password server. */
  submitCredentials(instanceId: string, password: string, username?: string): Promise<void>;
  /** Rename, archive, delete, fork, undo/redo, compact, diff and export of one session, sent to its owner. */
  session(sessionId: string): SessionActions;
}
