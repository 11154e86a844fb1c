/**
 * JSON schemas of the hub API (ARCHITECTURE.md "Hub API"). Response schemas drive
 * fast-json-stringify, which silently drops undeclared fields: every field of
 * discovery/types.ts is declared here, nullable where the type says `| null`.
 */

const nullableString = { type: ["string", "null"] } as const;

/** One verified OpenCode server. */
export const instanceSchema = {
  type: "object",
  required: ["id", "url", "port", "pid", "directory", "kind", "version", "protocol", "status", "eventsUrl", "firstSeenAt"],
  properties: {
    id: { type: "string" },
    url: { type: "string" },
    port: { type: "integer" },
    pid: { type: "integer" },
    directory: nullableString,
    kind: { type: "string", enum: ["serve", "tui", "web", "other"] },
    version: nullableString,
    protocol: { type: "string", enum: ["global", "legacy"] },
    status: { type: "string", enum: ["ready", "auth-required"] },
    eventsUrl: nullableString,
    firstSeenAt: { type: "string" },
  },
} as const;

/** An OpenCode process without a listening port. */
export const unreachableSchema = {
  type: "object",
  required: ["pid", "command", "directory", "reason", "hint"],
  properties: {
    pid: { type: "integer" },
    command: { type: "string" },
    directory: nullableString,
    reason: { type: "string", enum: ["no-listening-port"] },
    hint: { type: "string" },
  },
} as const;

/** The document of GET /api/instances and of each /api/instances/stream message. */
export const instancesDocumentSchema = {
  type: "object",
  required: ["instances", "unreachable", "scan"],
  properties: {
    instances: { type: "array", items: instanceSchema },
    unreachable: { type: "array", items: unreachableSchema },
    scan: {
      type: "object",
      required: ["at", "durationMs", "method", "error"],
      properties: {
        at: { type: "string" },
        durationMs: { type: "number" },
        method: { type: "string" },
        error: nullableString,
      },
    },
  },
} as const;

/** Every error the API answers itself: `{ ok: false, reason, message }` (reason is machine-readable). */
export const errorSchema = {
  type: "object",
  required: ["ok", "reason", "message"],
  properties: {
    ok: { type: "boolean", enum: [false] },
    reason: { type: "string" },
    message: { type: "string" },
  },
} as const;
