/**
 * The hub API, written once (dev-docs/hub.md "Contract"). The routes validate and serialize with
 * these schemas; the types are derived from them; the UI imports them through the package's
 * `exports` ("@switchboard/server/contract"). Response schemas drive fast-json-stringify, which
 * drops undeclared fields, so a field exists on the wire exactly when it is declared here.
 */
import { Type, type Static } from "@sinclair/typebox";

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** How the process was started, read from argv. */
export const InstanceKindSchema = Type.Union([
  Type.Literal("serve"),
  Type.Literal("tui"),
  Type.Literal("web"),
  /** OpenCode 2's background service (`opencode.exe serve --service`): one server for every folder of a user. */
  Type.Literal("service"),
  Type.Literal("other"),
]);
export type InstanceKind = Static<typeof InstanceKindSchema>;

/**
 * `global`: has /global/event and /global/health (1.2+). `legacy`: only /event (1.0.x).
 * `v2`: OpenCode 2's `/api/*` (always password-protected; events on /api/event).
 */
export const InstanceProtocolSchema = Type.Union([Type.Literal("global"), Type.Literal("legacy"), Type.Literal("v2")]);
export type InstanceProtocol = Static<typeof InstanceProtocolSchema>;

/**
 * `ready`: verified, the browser can stream it. `auth-required`: answered OpenCode's password
 * challenge and the hub holds no working credentials. `error`: OpenCode (by name or argv and by
 * OpenCode-shaped answers) whose API answers errors; `Instance.error` says which.
 */
export const InstanceStatusSchema = Type.Union([Type.Literal("ready"), Type.Literal("auth-required"), Type.Literal("error")]);
export type InstanceStatus = Static<typeof InstanceStatusSchema>;

/** A default OpenCode 2 TUI (no port of its own) that is a client of an instance. */
export const AttachedTuiSchema = Type.Object({
  pid: Type.Integer(),
  /** The TUI's working directory (the folder it was started in); null when unreadable. */
  directory: NullableString,
});
export type AttachedTui = Static<typeof AttachedTuiSchema>;

/** Another machine an instance runs on (through a peer Switchboard). */
export const InstanceMachineSchema = Type.Object({ id: Type.String(), name: Type.String() });
export type InstanceMachine = Static<typeof InstanceMachineSchema>;

/** How the hub found an instance: its own scan, a peer Switchboard, a server added by URL, or DNS-SD on the LAN. */
export const InstanceOriginSchema = Type.Union([Type.Literal("local"), Type.Literal("peer"), Type.Literal("url"), Type.Literal("mdns")]);
export type InstanceOrigin = Static<typeof InstanceOriginSchema>;

/** One OpenCode server the hub verified (ready), found locked, or found broken. */
export const InstanceSchema = Type.Object({
  /** Stable while the process lives: derived from pid + port + process start time. */
  id: Type.String(),
  /** Base URL the browser uses for REST, e.g. http://127.0.0.1:4096 (no trailing slash). */
  url: Type.String(),
  port: Type.Integer(),
  pid: Type.Integer(),
  /** Launch directory (GET /path → directory; the process's cwd when the API cannot say); null while unknown. */
  directory: NullableString,
  kind: InstanceKindSchema,
  version: NullableString,
  protocol: InstanceProtocolSchema,
  status: InstanceStatusSchema,
  /** With status "error": the server's own message, shortened, never credentials; otherwise null. */
  error: NullableString,
  /** Full EventSource URL (with ?auth_token= for password servers); null unless ready. */
  eventsUrl: NullableString,
  /** ISO timestamp of the first time the hub listed it. */
  firstSeenAt: Type.String(),
  /**
   * Default OpenCode 2 TUIs connected to this instance (its service), by their TCP connections;
   * empty for every other instance. Such a TUI is never listed in `unreachable`.
   */
  attachedTuis: Type.Array(AttachedTuiSchema),
  /** True for a server the hub itself started (POST /api/servers); absent otherwise. */
  managed: Type.Optional(Type.Boolean()),
  /**
   * The machine it runs on when it came through a peer Switchboard; null for this machine's own
   * (and servers added by URL). Optional in the type so fixtures need not spell it; the hub always sends it.
   */
  machine: Type.Optional(Type.Union([InstanceMachineSchema, Type.Null()])),
  /** How it was found (see InstanceOriginSchema); the hub always sends it. */
  origin: Type.Optional(InstanceOriginSchema),
});
export type Instance = Static<typeof InstanceSchema>;

/** A peer Switchboard this hub follows, with an honest connection state. */
export const MachineSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The peer hub's base URL (no credentials). */
  url: Type.String(),
  /** `signed-out`: the peer revoked our credential (kill -USR2 there); it must be added again. */
  status: Type.Union([Type.Literal("connecting"), Type.Literal("connected"), Type.Literal("offline"), Type.Literal("signed-out")]),
  /** Why it is not connected, in words; null when connected. */
  error: NullableString,
});
export type Machine = Static<typeof MachineSchema>;

/** An OpenCode process that no port scan can reach (a TUI started without --port). */
export const UnreachableProcessSchema = Type.Object({
  pid: Type.Integer(),
  command: Type.String(),
  directory: NullableString,
  reason: Type.Literal("no-listening-port"),
  /** What the user can do about it, in words. */
  hint: Type.String(),
});
export type UnreachableProcess = Static<typeof UnreachableProcessSchema>;

/** The last machine scan. */
export const ScanInfoSchema = Type.Object({
  /** ISO timestamp of the end of the last scan. */
  at: Type.String(),
  durationMs: Type.Number(),
  /** How ports were mapped to pids: "procfs" | "lsof" | "none". */
  method: Type.String(),
  /** Why the scan could not see processes or ports, in words a user can act on; null when fine. */
  error: NullableString,
});
export type ScanInfo = Static<typeof ScanInfoSchema>;

/** A Switchboard announced on the LAN (--mdns): offered by "Add a machine" (pairing still needs its link). */
export const NearbySwitchboardSchema = Type.Object({
  name: Type.String(),
  url: Type.String(),
  /** Its machine id (machine.json), as announced: a machine added already is recognised by it, at any address. */
  id: Type.Optional(Type.String()),
});
export type NearbySwitchboard = Static<typeof NearbySwitchboardSchema>;

/** The document of GET /api/instances and of every /api/instances/stream message. */
export const InstancesDocumentSchema = Type.Object({
  instances: Type.Array(InstanceSchema),
  unreachable: Type.Array(UnreachableProcessSchema),
  scan: ScanInfoSchema,
  /** Peer Switchboards (dev-docs/hub.md "Machines"); the hub always sends it, fixtures may omit it. */
  machines: Type.Optional(Type.Array(MachineSchema)),
  /** Switchboards announced on the LAN (--mdns). */
  nearby: Type.Optional(Type.Array(NearbySwitchboardSchema)),
});
export type InstancesDocument = Static<typeof InstancesDocumentSchema>;

/** GET /api/health. */
export const HealthSchema = Type.Object({ ok: Type.Literal(true), version: Type.String() });
export type Health = Static<typeof HealthSchema>;

/** Body of POST /api/instances/:id/credentials; username defaults to "opencode". */
export const CredentialsBodySchema = Type.Object(
  { password: Type.String({ minLength: 1 }), username: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
export type CredentialsBody = Static<typeof CredentialsBodySchema>;

/** Path parameters of the per-instance routes. */
export const InstanceParamsSchema = Type.Object({ id: Type.String({ minLength: 1 }) });
export type InstanceParams = Static<typeof InstanceParamsSchema>;

/** Every error the hub answers: `{ ok: false, reason, message }` (reason is machine-readable, message is words). */
export const ApiErrorSchema = Type.Object({ ok: Type.Literal(false), reason: Type.String(), message: Type.String() });
export type ApiError = Static<typeof ApiErrorSchema>;

/** Reasons POST /api/instances/:id/credentials can fail with. */
export const CredentialsFailureReasonSchema = Type.Union([Type.Literal("not-found"), Type.Literal("rejected"), Type.Literal("unreachable")]);

/** 200 answer of POST /api/instances/:id/credentials. */
export const CredentialsAcceptedSchema = Type.Object({ ok: Type.Literal(true), instance: InstanceSchema });

/** Result of POST /api/instances/:id/credentials. */
export const CredentialsResultSchema = Type.Union([
  CredentialsAcceptedSchema,
  Type.Object({ ok: Type.Literal(false), reason: CredentialsFailureReasonSchema, message: Type.String() }),
]);
export type CredentialsResult = Static<typeof CredentialsResultSchema>;

/** Body of POST /api/servers: the absolute folder to start `opencode serve` in. */
export const StartServerBodySchema = Type.Object({ directory: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false });
export type StartServerBody = Static<typeof StartServerBodySchema>;

/** 201 answer of POST /api/servers: the started server, as discovery verified it. */
export const ServerStartedSchema = Type.Object({ ok: Type.Literal(true), instance: InstanceSchema });

/** Where a start job is: finding and spawning `opencode`, waiting for its listen line, the hub's discovery verifying it, then an end state. */
export const StartJobStateSchema = Type.Union([
  Type.Literal("spawning"),
  Type.Literal("waiting-port"),
  Type.Literal("probing"),
  Type.Literal("listed"),
  Type.Literal("failed"),
  Type.Literal("cancelled"),
]);
export type StartJobState = Static<typeof StartJobStateSchema>;

/** A start of `opencode serve` (POST /api/servers/jobs), as GET /api/servers/jobs/:jobId shows it. */
export const StartJobSchema = Type.Object({
  id: Type.String(),
  directory: Type.String(),
  state: StartJobStateSchema,
  /** Since the job began (until it ended, for an ended job). */
  elapsedMs: Type.Integer(),
  /** Known from "waiting-port" on. */
  pid: Type.Union([Type.Integer(), Type.Null()]),
  /** Known from "probing" on. */
  port: Type.Union([Type.Integer(), Type.Null()]),
  /** With "listed": the server as discovery verified it (`managed: true`). */
  instance: Type.Union([InstanceSchema, Type.Null()]),
  /** With "failed"/"cancelled": what happened and what to do, in words. */
  message: NullableString,
  /** With "failed": `no-opencode`, `start-failed` or `not-verified`. */
  reason: NullableString,
  /** With a failed launch: the last of what the server printed (stdout and stderr). */
  output: NullableString,
  /** The file its whole output goes to. */
  log: NullableString,
});
export type StartJob = Static<typeof StartJobSchema>;

/** 202 answer of POST /api/servers/jobs and 200 answer of GET/DELETE /api/servers/jobs/:jobId. */
export const StartJobAnswerSchema = Type.Object({ ok: Type.Literal(true), job: StartJobSchema });

/** Params of /api/servers/jobs/:jobId. */
export const StartJobParamsSchema = Type.Object({ jobId: Type.String({ minLength: 1, maxLength: 64 }) });
export type StartJobParams = Static<typeof StartJobParamsSchema>;

/** Query of GET /api/folders: a path relative to the user's home ("" = home). */
export const FoldersQuerySchema = Type.Object({ path: Type.Optional(Type.String({ maxLength: 4096 })) }, { additionalProperties: false });
export type FoldersQuery = Static<typeof FoldersQuerySchema>;

/** Answer of GET /api/folders. */
export const FolderListingSchema = Type.Object({
  /** Home-relative ("" = home). */
  path: Type.String(),
  absolute: Type.String(),
  parent: NullableString,
  folders: Type.Array(Type.Object({ name: Type.String(), path: Type.String() })),
});
export type FolderListing = Static<typeof FolderListingSchema>;
/** Body of POST /api/url-servers: an OpenCode server reached by URL (http://host:port). */
export const UrlServerBodySchema = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    password: Type.String({ maxLength: 4096 }),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type UrlServerBody = Static<typeof UrlServerBodySchema>;

/** Body of POST /api/machines: another Switchboard's one-time sign-in link. */
export const MachineBodySchema = Type.Object({ link: Type.String({ minLength: 1, maxLength: 2048 }) }, { additionalProperties: false });
export type MachineBody = Static<typeof MachineBodySchema>;

/** Who said the text a search result found: the user's prompt, the model's text and reasoning, or a tool (title, command, paths). */
export const SearchRoleSchema = Type.Union([Type.Literal("user"), Type.Literal("assistant"), Type.Literal("tool")]);
export type SearchRole = Static<typeof SearchRoleSchema>;

/** Query of GET /api/search (dev-docs/search.md). Query strings are strings: numbers are parsed by the route. */
export const SearchQuerySchema = Type.Object(
  {
    /** The words; the last one also matches as a prefix. */
    q: Type.String({ minLength: 1, maxLength: 500 }),
    /** Results per page, 1–100 (default 20). */
    limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,3}$" })),
    /** `next` of the previous page. */
    cursor: Type.Optional(Type.String({ maxLength: 4000 })),
    /** Only sessions last seen on this instance id. */
    instance: Type.Optional(Type.String({ minLength: 1 })),
    /** Only sessions of this directory (exact). */
    directory: Type.Optional(Type.String({ minLength: 1 })),
    role: Type.Optional(SearchRoleSchema),
    /** Only messages at or after this time: epoch ms or an ISO date. */
    since: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** "1": this hub's own index only (what a peer hub asks, so federated searches never loop). */
    local: Type.Optional(Type.Literal("1")),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuerySchema>;

/** One hit: a message (or a session title) with a plain-text snippet and the matched words' offsets in it. */
export const SearchResultSchema = Type.Object({
  sessionId: Type.String(),
  /** The message the words are in; for a title hit, the session's first message ("" while it has none). */
  messageId: Type.String(),
  /** The running instance that last listed the session; null when none does any more (read it with GET /api/search/session/:sessionId). */
  instanceId: NullableString,
  /** The machine's name for a session of a peer; null for this machine. */
  machine: NullableString,
  directory: Type.String(),
  title: Type.String(),
  role: SearchRoleSchema,
  /** Plain text, never HTML: render it as text and wrap `matches` in <mark>. */
  snippet: Type.String(),
  /** [start, end) offsets (UTF-16 code units, as JavaScript strings count) into `snippet`. */
  matches: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()])),
  /** Epoch ms of the message. */
  time: Type.Number(),
  score: Type.Number(),
});
export type SearchResult = Static<typeof SearchResultSchema>;

/** A peer machine whose hits are missing from a search answer, and why, in words. */
export const UnansweredMachineSchema = Type.Object({ machine: Type.String(), message: Type.String() });
export type UnansweredMachine = Static<typeof UnansweredMachineSchema>;

/** GET /api/search. */
export const SearchResponseSchema = Type.Object({
  results: Type.Array(SearchResultSchema),
  /** Cursor of the next page; null on the last page. */
  next: NullableString,
  /** Peer machines that were not searched this time (offline, signed out, or too slow); empty when every one answered. */
  unanswered: Type.Array(UnansweredMachineSchema),
});
export type SearchResponse = Static<typeof SearchResponseSchema>;

/** One indexed message of GET /api/search/session/:sessionId: its indexed text per role, oldest first. */
export const IndexedMessageSchema = Type.Object({
  messageId: Type.String(),
  role: SearchRoleSchema,
  /** Plain text as indexed (prompts, replies and reasoning, or tool titles, commands and paths one per line). */
  text: Type.String(),
  time: Type.Number(),
});
export type IndexedMessage = Static<typeof IndexedMessageSchema>;

/** GET /api/search/session/:sessionId: a session as the index holds it, readable when its server is gone. */
export const IndexedSessionSchema = Type.Object({
  sessionId: Type.String(),
  /** The running instance that last listed it; null when no running server has it (the page says so). */
  instanceId: NullableString,
  machine: NullableString,
  directory: Type.String(),
  title: Type.String(),
  /** OpenCode's own time.updated of the session (epoch ms). */
  updated: Type.Number(),
  messages: Type.Array(IndexedMessageSchema),
});
export type IndexedSession = Static<typeof IndexedSessionSchema>;

/** Path parameters of GET /api/search/session/:sessionId. */
export const SearchSessionParamsSchema = Type.Object({ sessionId: Type.String({ minLength: 1, maxLength: 200 }) });
export type SearchSessionParams = Static<typeof SearchSessionParamsSchema>;

/** Query of GET /api/search/session/:sessionId: "local=1" reads this hub's index only (what a peer hub asks). */
export const SearchSessionQuerySchema = Type.Object({ local: Type.Optional(Type.Literal("1")) }, { additionalProperties: false });
export type SearchSessionQuery = Static<typeof SearchSessionQuerySchema>;
