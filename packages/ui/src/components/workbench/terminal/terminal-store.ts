/**
 * Per-session terminal state that outlives the session view (STYLE rule 11) and a reload: the
 * memory (terminal-memory.ts) in a Solid signal, written to localStorage on every change.
 */
import { createSignal } from "solid-js";
import {
  compact,
  NO_TERMINALS,
  parseMemory,
  withActive,
  withOpen,
  withoutPty,
  withPty,
  keepListed,
  type SessionTerminals,
  type TerminalMemory,
} from "./terminal-memory";

const KEY = "switchboard.terminals";

/** The store's actions; each change is saved at once. */
export interface TerminalStore {
  of(sessionId: string): SessionTerminals;
  setOpen(sessionId: string, open: boolean): void;
  toggle(sessionId: string): void;
  add(sessionId: string, id: string): void;
  activate(sessionId: string, id: string): void;
  remove(sessionId: string, id: string): void;
  keep(sessionId: string, listed: ReadonlySet<string>): void;
}

/** Makes a store over `storage` (localStorage by default; tests pass their own). */
export function makeTerminalStore(
  storage: Pick<Storage, "getItem" | "setItem"> | null = typeof localStorage === "undefined" ? null : localStorage,
): TerminalStore {
  const [memory, setMemory] = createSignal<TerminalMemory>(storage ? parseMemory(safeRead(storage)) : {});
  const change = (next: TerminalMemory) => {
    setMemory(next);
    try {
      storage?.setItem(KEY, JSON.stringify(compact(next)));
    } catch (err) {
      // A full or blocked storage only costs reattaching after a reload; the terminals still work.
      console.warn("switchboard: could not remember the open terminals", err);
    }
  };
  return {
    of: (sessionId) => memory()[sessionId] ?? NO_TERMINALS,
    setOpen: (sessionId, open) => change(withOpen(memory(), sessionId, open)),
    toggle: (sessionId) => change(withOpen(memory(), sessionId, !(memory()[sessionId]?.open ?? false))),
    add: (sessionId, id) => change(withPty(memory(), sessionId, id)),
    activate: (sessionId, id) => change(withActive(memory(), sessionId, id)),
    remove: (sessionId, id) => change(withoutPty(memory(), sessionId, id)),
    keep: (sessionId, listed) => change(keepListed(memory(), sessionId, listed)),
  };
}

function safeRead(storage: Pick<Storage, "getItem">): string | null {
  try {
    return storage.getItem(KEY);
  } catch {
    return null;
  }
}

let shared: TerminalStore | null = null;
/** The page's one store (created on first use, so tests that never open a terminal pay nothing). */
export function terminalStore(): TerminalStore {
  shared ??= makeTerminalStore();
  return shared;
}
