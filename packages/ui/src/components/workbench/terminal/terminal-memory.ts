/**
 * What the page remembers about each session's terminals across reloads: whether the panel is
 * open, the PTY ids it attached (in tab order) and which tab is in front. Pure: the store
 * (terminal-store.ts) keeps it in localStorage.
 */

/** One session's terminals. */
export interface SessionTerminals {
  open: boolean;
  ptys: string[];
  active: string | null;
}

/** Every session's, by session id. */
export type TerminalMemory = Record<string, SessionTerminals>;

/** A session nobody opened a terminal for. */
export const NO_TERMINALS: SessionTerminals = { open: false, ptys: [], active: null };

/** Reads the stored text; anything malformed counts as nothing remembered. */
export function parseMemory(text: string | null): TerminalMemory {
  if (!text) return {};
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {};
    const memory: TerminalMemory = {};
    for (const [sessionId, value] of Object.entries(raw as Record<string, unknown>)) {
      const v = value as Partial<SessionTerminals> | null;
      if (typeof v !== "object" || v === null) continue;
      const ptys = Array.isArray(v.ptys) ? v.ptys.filter((p): p is string => typeof p === "string") : [];
      const active = typeof v.active === "string" && ptys.includes(v.active) ? v.active : (ptys[0] ?? null);
      memory[sessionId] = { open: v.open === true, ptys, active };
    }
    return memory;
  } catch {
    return {};
  }
}

/** The memory without sessions that hold nothing (keeps localStorage small). */
export function compact(memory: TerminalMemory): TerminalMemory {
  return Object.fromEntries(Object.entries(memory).filter(([, s]) => s.open || s.ptys.length > 0));
}

const update = (memory: TerminalMemory, sessionId: string, change: (s: SessionTerminals) => SessionTerminals): TerminalMemory => ({
  ...memory,
  [sessionId]: change(memory[sessionId] ?? NO_TERMINALS),
});

/** Opens or closes the panel. */
export const withOpen = (memory: TerminalMemory, sessionId: string, open: boolean): TerminalMemory =>
  update(memory, sessionId, (s) => ({ ...s, open }));

/** A new terminal: last tab, in front. */
export const withPty = (memory: TerminalMemory, sessionId: string, id: string): TerminalMemory =>
  update(memory, sessionId, (s) => ({ ...s, ptys: s.ptys.includes(id) ? s.ptys : [...s.ptys, id], active: id }));

/** Brings a tab to the front. */
export const withActive = (memory: TerminalMemory, sessionId: string, id: string): TerminalMemory =>
  update(memory, sessionId, (s) => (s.ptys.includes(id) ? { ...s, active: id } : s));

/** A closed terminal leaves; the tab after it (or before, when it was last) comes to the front. */
export function withoutPty(memory: TerminalMemory, sessionId: string, id: string): TerminalMemory {
  return update(memory, sessionId, (s) => {
    const at = s.ptys.indexOf(id);
    if (at === -1) return s;
    const ptys = s.ptys.filter((p) => p !== id);
    const active = s.active !== id ? s.active : (ptys[at] ?? ptys[at - 1] ?? null);
    return { ...s, ptys, active };
  });
}

/** Keeps only the terminals the server still lists (after a reload, a server restart, or a shell that exited). */
export function keepListed(memory: TerminalMemory, sessionId: string, listed: ReadonlySet<string>): TerminalMemory {
  let next = memory;
  for (const id of memory[sessionId]?.ptys ?? []) if (!listed.has(id)) next = withoutPty(next, sessionId, id);
  return next;
}
