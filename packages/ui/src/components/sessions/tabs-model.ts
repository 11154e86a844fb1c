/** Pure model of the open session tabs: order, active tab, and their localStorage form. */

/** Open session tabs in display order and the active one. */
export interface TabsState {
  open: string[];
  active: string | null;
}

/** localStorage key of the persisted tabs. */
export const TABS_STORAGE_KEY = "switchboard.tabs.v1";

/** Opens a tab (after `after` when given and open, else at the end); activates it when asked. */
export function openTab(tabs: TabsState, id: string, options: { activate: boolean; after?: string }): TabsState {
  let open = tabs.open;
  if (!open.includes(id)) {
    const anchor = options.after === undefined ? -1 : open.indexOf(options.after);
    open = anchor === -1 ? [...open, id] : [...open.slice(0, anchor + 1), id, ...open.slice(anchor + 1)];
  }
  return { open, active: options.activate ? id : (tabs.active ?? id) };
}

/** Closes a tab; when it was active the right neighbour (else the left one) becomes active. */
export function closeTab(tabs: TabsState, id: string): TabsState {
  const index = tabs.open.indexOf(id);
  if (index === -1) return tabs;
  const open = tabs.open.filter((other) => other !== id);
  if (tabs.active !== id) return { open, active: tabs.active };
  return { open, active: open[index] ?? open[index - 1] ?? null };
}

/** The tab `step` places away from `from`, wrapping around (WAI-ARIA tabs arrow keys). */
export function neighbour(tabs: TabsState, from: string, step: number): string | null {
  const index = tabs.open.indexOf(from);
  if (index === -1 || tabs.open.length === 0) return null;
  const length = tabs.open.length;
  return tabs.open[(((index + step) % length) + length) % length] ?? null;
}

/** Reads persisted tabs, tolerating anything malformed (returns no tabs). */
export function parseTabs(raw: string | null): TabsState {
  if (!raw) return { open: [], active: null };
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return { open: [], active: null };
    const record = value as Record<string, unknown>;
    const open = Array.isArray(record.open) ? [...new Set(record.open.filter((id): id is string => typeof id === "string" && id !== ""))] : [];
    const active = typeof record.active === "string" && open.includes(record.active) ? record.active : (open[0] ?? null);
    return { open, active };
  } catch {
    return { open: [], active: null };
  }
}

/** The persisted form of the tabs. */
export function serializeTabs(tabs: TabsState): string {
  return JSON.stringify({ open: tabs.open, active: tabs.active });
}
