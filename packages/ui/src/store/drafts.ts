/**
 * Composer drafts, keyed by session, outliving any view: a tab switch, a list click or a
 * remount never loses what was typed, and a reload restores it from localStorage. A failed send
 * puts the prompt back into its own session's draft with the error, wherever the user is by then.
 */
import { createStore, produce } from "solid-js/store";
import {
  DRAFTS_STORAGE_KEY,
  emptyDraft,
  mergeDrafts,
  parseDrafts,
  restoredText,
  serializeDrafts,
  type Draft,
  type DraftFile,
  type ModelRef,
} from "./drafts-model";

/** What leaves the composer on send. */
export interface OutgoingPrompt {
  text: string;
  files: DraftFile[];
}

/** Reads and changes drafts; every read is reactive. */
export interface DraftStore {
  /** The draft of `key` (an empty one when there is none). */
  get(key: string): Draft;
  setText(key: string, text: string): void;
  addFiles(key: string, files: DraftFile[]): void;
  removeFile(key: string, fileId: string): void;
  setAgent(key: string, agent: string | null): void;
  setModel(key: string, model: ModelRef | null): void;
  setError(key: string, error: string | null): void;
  /** Takes the prompt out for sending: clears its text, files and error, and returns them. */
  take(key: string): OutgoingPrompt;
  /** A send failed: the prompt goes back (before anything typed since) with the error in words. */
  restore(key: string, prompt: OutgoingPrompt, error: string): void;
  /** Writes pending changes to storage now. */
  flush(): void;
}

/** How long typing may go unsaved (a reload or closing the tab flushes at once). */
const SAVE_DELAY_MS = 300;

/** Creates a store saved to `storage` (default localStorage; null keeps drafts in memory only). */
export function createDraftStore(options: { storage?: Storage | null; now?: () => number } = {}): DraftStore {
  const storage = options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage;
  const now = options.now ?? Date.now;
  const [drafts, setDrafts] = createStore<Record<string, Draft>>(read(storage));
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    try {
      // Another Switchboard tab may have saved its drafts since: keep theirs, ours win where newer.
      storage?.setItem(DRAFTS_STORAGE_KEY, serializeDrafts(mergeDrafts(drafts, read(storage))));
    } catch (error) {
      console.warn("switchboard: could not save drafts", error);
    }
  };
  const schedule = () => {
    if (storage && timer === undefined) timer = setTimeout(flush, SAVE_DELAY_MS);
  };
  const change = (key: string, edit: (d: Draft) => void) => {
    setDrafts(
      produce((all) => {
        const d = all[key] ?? (all[key] = emptyDraft());
        edit(d);
        d.touched = now();
      }),
    );
    schedule();
  };

  if (storage && typeof window !== "undefined") {
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flush();
    });
  }

  return {
    get: (key) => drafts[key] ?? EMPTY,
    setText: (key, text) => change(key, (d) => void (d.text = text)),
    addFiles: (key, files) => change(key, (d) => void d.files.push(...files)),
    removeFile: (key, fileId) => change(key, (d) => void (d.files = d.files.filter((f) => f.id !== fileId))),
    setAgent: (key, agent) => change(key, (d) => void (d.agent = agent)),
    setModel: (key, model) => change(key, (d) => void (d.model = model ? { ...model } : null)),
    setError: (key, error) => change(key, (d) => void (d.error = error)),
    take(key) {
      const d = drafts[key] ?? EMPTY;
      const out: OutgoingPrompt = { text: d.text, files: d.files.map((f) => ({ ...f })) };
      change(key, (x) => {
        x.text = "";
        x.files = [];
        x.error = null;
      });
      return out;
    },
    restore(key, prompt, error) {
      change(key, (d) => {
        d.text = restoredText(prompt.text, d.text);
        d.files = [...prompt.files, ...d.files];
        d.error = error;
      });
      // A failure is rare and must survive an immediate reload.
      flush();
    },
    flush,
  };
}

const EMPTY: Draft = Object.freeze({ ...emptyDraft(), files: Object.freeze([]) as unknown as DraftFile[] });

function read(storage: Storage | null): Record<string, Draft> {
  try {
    return parseDrafts(storage?.getItem(DRAFTS_STORAGE_KEY) ?? null);
  } catch (error) {
    console.warn("switchboard: could not read saved drafts", error);
    return {};
  }
}
