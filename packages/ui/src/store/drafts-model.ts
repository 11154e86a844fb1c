/**
 * Pure model of composer drafts: what one session's unsent prompt holds, and its bounded
 * localStorage form. Drafts are keyed by session id (a session not created yet has a `new:…`
 * placeholder id, see store/ownership.ts).
 */
import type { ModelRef } from "./types";

/** localStorage key of the saved drafts. */
export const DRAFTS_STORAGE_KEY = "switchboard.drafts.v1";
/** At most this many drafts are kept; the least recently touched go first. */
export const MAX_DRAFTS = 50;
/** A draft's text is cut to this many characters when saved (a pasted log must not fill storage). */
export const MAX_SAVED_TEXT = 20_000;
/** The whole saved form stays under this many characters. */
export const MAX_SAVED_CHARS = 400_000;

/** The model a prompt goes to (declared once, in store/types.ts). */
export type { ModelRef };

/** A file part of a prompt: an @-mention (`file://…`) or an attachment (a `data:` URL). */
export interface DraftFile {
  /** Local id for the chip (not sent). */
  id: string;
  mime: string;
  url: string;
  filename: string;
  /** Bytes of an attachment (0 for a mention). */
  size: number;
}

/** One session's unsent prompt and composer choices. */
export interface Draft {
  text: string;
  files: DraftFile[];
  /** Why the last send failed, in words; null when it did not. */
  error: string | null;
  /** Picker choices for this session (null: the server's default). */
  agent: string | null;
  model: ModelRef | null;
  /** When the draft last changed (ms), for eviction. */
  touched: number;
}

/** A draft with nothing in it. */
export const emptyDraft = (): Draft => ({ text: "", files: [], error: null, agent: null, model: null, touched: 0 });

/** True when a draft holds nothing worth keeping. */
export function isEmptyDraft(d: Draft): boolean {
  return d.text === "" && d.files.length === 0 && d.error === null && d.agent === null && d.model === null;
}

/** The text put back after a failed send: the prompt first, then whatever was typed meanwhile. */
export function restoredText(sent: string, typedSince: string): string {
  return typedSince.trim() === "" ? sent : `${sent}\n${typedSince}`;
}

/**
 * The saved form: newest drafts first, at most {@link MAX_DRAFTS}, texts cut, attachments
 * (data URLs, possibly megabytes) left out, and the whole under {@link MAX_SAVED_CHARS}.
 */
export function serializeDrafts(drafts: Record<string, Draft>): string {
  const entries = Object.entries(drafts)
    .filter(([, d]) => !isEmptyDraft(d))
    .sort(([, a], [, b]) => b.touched - a.touched)
    .slice(0, MAX_DRAFTS)
    .map(([key, d]) => [key, { ...d, text: d.text.slice(0, MAX_SAVED_TEXT), files: d.files.filter((f) => !f.url.startsWith("data:")) }] as const);
  const kept: Record<string, Draft> = {};
  let size = 2;
  for (const [key, d] of entries) {
    const piece = JSON.stringify(d).length + key.length + 4;
    if (size + piece > MAX_SAVED_CHARS) break;
    size += piece;
    kept[key] = d;
  }
  return JSON.stringify(kept);
}

const isModel = (v: unknown): v is ModelRef =>
  !!v && typeof v === "object" && typeof (v as ModelRef).providerID === "string" && typeof (v as ModelRef).modelID === "string";

const isFile = (v: unknown): v is DraftFile => {
  const f = v as DraftFile;
  return (
    !!f &&
    typeof f === "object" &&
    typeof f.id === "string" &&
    typeof f.mime === "string" &&
    typeof f.url === "string" &&
    typeof f.filename === "string"
  );
};

/** Reads the saved form; anything malformed is dropped (a bad entry never costs the others). */
export function parseDrafts(raw: string | null): Record<string, Draft> {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  const out: Record<string, Draft> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (!value || typeof value !== "object") continue;
    const v = value as Partial<Draft>;
    if (typeof v.text !== "string") continue;
    out[key] = {
      text: v.text,
      files: Array.isArray(v.files) ? v.files.filter(isFile).map((f) => ({ ...f, size: typeof f.size === "number" ? f.size : 0 })) : [],
      error: typeof v.error === "string" ? v.error : null,
      agent: typeof v.agent === "string" ? v.agent : null,
      model: isModel(v.model) ? { providerID: v.model.providerID, modelID: v.model.modelID } : null,
      touched: typeof v.touched === "number" ? v.touched : 0,
    };
  }
  return out;
}

/**
 * Drafts of this page merged with what another Switchboard tab saved meanwhile: per session the
 * more recently touched copy wins (an emptied draft included, so a sent prompt stays sent).
 */
export function mergeDrafts(local: Record<string, Draft>, saved: Record<string, Draft>): Record<string, Draft> {
  const out: Record<string, Draft> = { ...saved };
  for (const [key, d] of Object.entries(local)) {
    const other = saved[key];
    if (!other || d.touched >= other.touched) out[key] = d;
  }
  return out;
}
