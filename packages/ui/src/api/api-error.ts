/** Errors from the UI's REST calls: words a user can act on, with status and detail for the log. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    /** Shown to the user. */
    message: string,
    /** HTTP status, or null when no answer came (network, timeout). */
    readonly status: number | null,
    /** Body excerpt or underlying error, for the log only. */
    readonly detail: string,
  ) {
    super(message);
  }
}

/** Pulls a short human message out of an error body (OpenCode answers `{name, data: {message}}`, `{_tag}` or text). */
export function summarizeErrorBody(body: string): string {
  const text = body.trim();
  if (!text) return "";
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object") {
      const o = json as Record<string, unknown>;
      const data = o.data && typeof o.data === "object" ? (o.data as Record<string, unknown>) : null;
      for (const candidate of [data?.message, o.message, o.error, o.name, o._tag]) {
        if (typeof candidate === "string" && candidate.trim()) return clip(candidate.trim());
      }
    }
  } catch {
    // Not JSON: fall through to the raw text (HTML answers are cut to their first words).
  }
  return clip(
    text
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}
