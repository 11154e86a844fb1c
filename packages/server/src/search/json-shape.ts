/** Reading untrusted JSON (OpenCode payloads) without trusting it: each getter answers undefined for the wrong shape. */

/** The value as a plain object, or undefined. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The value as a string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The value as a finite number, or undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The value as an array (empty for anything else). */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Follows a path of object keys. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const key of path) cur = obj(cur)?.[key];
  return cur;
}
