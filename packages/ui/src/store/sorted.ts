/**
 * Binary-search helpers for arrays kept sorted by `id`.
 * OpenCode ids (ses_, msg_, prt_, per_) are time-ordered ASCII strings, so plain `<` gives creation
 * order; localeCompare would not (it folds case and ignores punctuation).
 */

/** Anything with a string id. */
export interface HasId {
  id: string;
}

/** Where `id` is (`found`) or where it would be inserted to keep the array sorted. */
export function searchById<T extends HasId>(list: readonly T[], id: string): { found: boolean; index: number } {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const midId = (list[mid] as T).id;
    if (midId === id) return { found: true, index: mid };
    if (midId < id) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, index: lo };
}

/** Index of the item with `id`, or -1. */
export function indexById<T extends HasId>(list: readonly T[], id: string): number {
  const result = searchById(list, id);
  return result.found ? result.index : -1;
}

/** The item with `id`, or undefined. */
export function findById<T extends HasId>(list: readonly T[], id: string): T | undefined {
  const result = searchById(list, id);
  return result.found ? list[result.index] : undefined;
}

/**
 * Inserts `item` in order, or replaces the item with the same id. With `merge`, an existing item is
 * updated field by field in place so its identity (and a Solid store's fine-grained subscribers) survive.
 * Returns the index.
 */
export function upsertById<T extends HasId>(list: T[], item: T, merge = false): number {
  const result = searchById(list, item.id);
  if (!result.found) {
    list.splice(result.index, 0, item);
    return result.index;
  }
  const existing = list[result.index] as T;
  if (merge && existing !== item) replaceFields(existing, item);
  else list[result.index] = item;
  return result.index;
}

/** A new array of `list` and `items` (both sorted by id, no id in both) in id order: one pass, no splices. */
export function mergeById<T extends HasId>(list: readonly T[], items: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < list.length || j < items.length) {
    const a = list[i];
    const b = items[j];
    if (b === undefined || (a !== undefined && a.id < b.id)) {
      out.push(a as T);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out;
}

/** Removes the item with `id`; returns it, or undefined when absent. */
export function removeById<T extends HasId>(list: T[], id: string): T | undefined {
  const result = searchById(list, id);
  if (!result.found) return undefined;
  return list.splice(result.index, 1)[0];
}

/**
 * Makes `target` carry exactly the own fields of `source` (shallow): stale keys are deleted, changed
 * values assigned, equal values left alone. This is a hand-rolled `reconcile` that also works on the
 * plain objects the pure reducer sees in tests.
 */
export function replaceFields<T extends object>(target: T, source: T): void {
  const t = target as Record<string, unknown>;
  const s = source as Record<string, unknown>;
  for (const key of Object.keys(t)) {
    if (!(key in s)) delete t[key];
  }
  for (const key of Object.keys(s)) {
    if (t[key] !== s[key]) t[key] = s[key];
  }
}
