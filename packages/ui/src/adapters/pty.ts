import { ApiError } from "../api/api-error";

/**
 * Terminals (PTYs) on an OpenCode server, the same for both generations: 1.x `/pty`, 2.x
 * `/api/pty` (opencode-protocol.md, opencode-protocol-v2.md §4.1). Each adapter maps these to its
 * routes; the pure helpers here (the WebSocket URL, the frame decoding) are shared.
 */

/** One PTY as the server lists it. */
export interface PtyInfo {
  id: string;
  title: string;
  /** "running" while the shell lives; anything else means it ended. */
  status: string;
}

/** A terminal size in character cells. */
export interface PtySize {
  cols: number;
  rows: number;
}

/** The PTY routes of one server, bound to the folder its shells start in. */
export interface PtyApi {
  /** The server's PTYs (for this folder). */
  list(): Promise<PtyInfo[]>;
  /** Starts a shell in the folder. */
  create(title: string): Promise<PtyInfo>;
  resize(id: string, size: PtySize): Promise<void>;
  /** Ends the shell on the server. */
  remove(id: string): Promise<void>;
  /** The WebSocket URL that attaches to the PTY (2.x asks for a one-minute ticket first). */
  connectUrl(id: string): Promise<string>;
}

/** `http(s)://…` → `ws(s)://…` for the same origin and path (the relay's URL in remote mode). */
export function webSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** What one WebSocket message from a PTY is: output, or a control frame (`\0{"cursor":N}`). */
export type PtyFrame = { kind: "output"; data: string | Uint8Array } | { kind: "cursor"; cursor: number } | { kind: "ignored" };

/**
 * Decodes one message (measured on 1.18.33 and 2.1.2: output arrives as text, the cursor as a
 * binary frame whose first byte is 0). Binary output without the 0 byte is passed on as bytes.
 */
export function decodePtyFrame(data: string | ArrayBuffer | Uint8Array): PtyFrame {
  if (typeof data === "string") return data.startsWith("\0") ? control(data.slice(1)) : { kind: "output", data };
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes[0] === 0) return control(new TextDecoder().decode(bytes.subarray(1)));
  return { kind: "output", data: bytes };
}

function control(text: string): PtyFrame {
  try {
    const value = JSON.parse(text) as { cursor?: unknown };
    return typeof value.cursor === "number" ? { kind: "cursor", cursor: value.cursor } : { kind: "ignored" };
  } catch {
    return { kind: "ignored" };
  }
}

/** A listed PTY, or null when the server answered another shape. */
export function ptyFromWire(raw: unknown): PtyInfo | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as { id?: unknown; title?: unknown; status?: unknown };
  if (typeof r.id !== "string") return null;
  return { id: r.id, title: typeof r.title === "string" ? r.title : "", status: typeof r.status === "string" ? r.status : "running" };
}

/** A PTY from an answer, or an error in words naming `who` answered `what` in another shape. */
export function ptyOrThrow(raw: unknown, who: string, what: string): PtyInfo {
  const pty = ptyFromWire(raw);
  if (!pty) throw new ApiError(`${who} answered ${what} in an unexpected shape`, null, JSON.stringify(raw ?? null).slice(0, 300));
  return pty;
}

/** The PTYs of a list answer (entries in another shape are skipped). */
export const ptysFrom = (list: readonly unknown[]): PtyInfo[] => list.map(ptyFromWire).filter((p): p is PtyInfo => p !== null);
