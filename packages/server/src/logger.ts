import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Paths pino blanks out. Credentials reach the hub only in POST bodies, which fastify never
 * logs; these catch any later log call that passes a body, header set or credentials object.
 */
export const REDACT_PATHS = [
  "req.body",
  "req.headers.authorization",
  "req.headers.cookie",
  "body",
  "password",
  "credentials",
  "*.password",
  "*.credentials",
  "*.authorization",
];

/**
 * The hub's logger (JSON lines, level info by default), with credentials redacted. `bare` drops
 * pino's pid/hostname bindings (the readable terminal format has no use for the hub's own pid).
 */
export function createLogger(opts: { level?: string; stream?: DestinationStream; bare?: boolean } = {}): Logger {
  const options = { level: opts.level ?? "info", redact: { paths: REDACT_PATHS, censor: "[redacted]" }, ...(opts.bare ? { base: null } : {}) };
  return opts.stream ? pino(options, opts.stream) : pino(options);
}
