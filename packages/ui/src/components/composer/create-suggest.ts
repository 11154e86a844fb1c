/**
 * The state of the composer's popup: which list the text at the caret opens (`/` or `@`), its
 * options, the active one, and Escape's "not now" until the text changes.
 */
import { createEffect, createMemo, createSignal, on, type Accessor } from "solid-js";
import { filterSlash, step, triggerAt, type SlashEntry, type Trigger } from "./composer-input";
import type { FileSearch } from "./create-file-search";
import type { SuggestionOption } from "./suggestion-list";

/** The popup's state and moves. */
export interface Suggest {
  trigger: Accessor<Trigger>;
  /** "slash" or "mention" while the list is shown. */
  open: Accessor<"slash" | "mention" | null>;
  options: Accessor<SuggestionOption[]>;
  active: Accessor<number>;
  setActive(index: number): void;
  move(delta: number): void;
  /** Words shown instead of options. */
  empty: Accessor<string | null>;
  /** Escape: hide until the text changes. */
  dismiss(): void;
  /** The slash entry or found path behind option `index`. */
  slashAt(index: number): SlashEntry | undefined;
  pathAt(index: number): string | undefined;
}

const SOURCE_TAG: Record<string, string> = { command: "command", mcp: "mcp", skill: "skill", switchboard: "action" };

/** Creates the popup over the text, the caret, the slash entries and the file search. */
export function createSuggest(opts: {
  text: Accessor<string>;
  caret: Accessor<number>;
  entries: Accessor<SlashEntry[]>;
  entriesError: Accessor<string | null>;
  files: FileSearch;
}): Suggest {
  const [dismissed, setDismissed] = createSignal(false);
  const [active, setActive] = createSignal(0);
  const trigger = createMemo(() => triggerAt(opts.text(), opts.caret()));
  createEffect(on(opts.text, () => setDismissed(false), { defer: true }));

  const slash = createMemo(() => {
    const t = trigger();
    return t?.kind === "slash" ? filterSlash(opts.entries(), t.query) : [];
  });
  const mentionQuery = createMemo(() => {
    const t = trigger();
    return t?.kind === "mention" && !dismissed() ? t.query : null;
  });
  createEffect(on(mentionQuery, (q) => opts.files.search(q)));

  const open = createMemo(() => (dismissed() ? null : (trigger()?.kind ?? null)));
  const options = createMemo<SuggestionOption[]>(() => {
    if (open() === "slash")
      return slash().map((e) => ({ key: `${e.kind}:${e.name}`, label: `/${e.name}`, detail: e.description, tag: SOURCE_TAG[e.source] ?? e.source }));
    if (open() === "mention") return opts.files.results().map((p) => ({ key: p, label: p }));
    return [];
  });
  createEffect(on(options, () => setActive(0)));

  const empty = createMemo(() => {
    if (open() === "slash") return slash().length ? null : (opts.entriesError() ?? "No matching command.");
    if (open() === "mention") {
      if (mentionQuery()?.trim() === "") return "Type part of a file name to attach it.";
      if (opts.files.error()) return opts.files.error();
      if (opts.files.loading() && !opts.files.results().length) return "Searching files…";
      return opts.files.results().length ? null : "No matching file.";
    }
    return null;
  });

  return {
    trigger,
    open,
    options,
    active,
    setActive,
    move: (delta) => setActive(step(active(), options().length, delta)),
    empty,
    dismiss: () => setDismissed(true),
    slashAt: (i) => slash()[i],
    pathAt: (i) => (open() === "mention" ? opts.files.results()[i] : undefined),
  };
}
