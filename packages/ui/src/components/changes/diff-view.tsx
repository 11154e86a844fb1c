/** One file's diff, unified or split, highlighted after first paint; long diffs start collapsed. */
import { createMemo, createResource, For, Show, type JSX } from "solid-js";
import { highlightTokens, type CodeToken } from "../markdown/highlight";
import { COLLAPSE_LINES, diffRows, splitRows, type DiffRow } from "./diff-model";

/** Unified or split. */
export type DiffMode = "unified" | "split";

/** Highlighted tokens for both sides of a diff, keyed by each side's row order. */
interface SideTokens {
  old: Map<DiffRow, CodeToken[]>;
  new: Map<DiffRow, CodeToken[]>;
}

const extension = (file: string) => /\.([A-Za-z0-9+#-]+)$/.exec(file)?.[1] ?? null;

/** Highlights each side as one block (so multi-line constructs colour right), then maps lines back to rows. */
async function highlightSides(rows: DiffRow[], file: string): Promise<SideTokens | null> {
  const lang = extension(file);
  if (!lang) return null;
  const oldRows = rows.filter((r) => r.oldNo !== null);
  const newRows = rows.filter((r) => r.newNo !== null);
  const [o, n] = await Promise.all([
    highlightTokens(oldRows.map((r) => r.text).join("\n"), lang),
    highlightTokens(newRows.map((r) => r.text).join("\n"), lang),
  ]);
  if (!o || !n) return null;
  return {
    old: new Map(oldRows.map((r, i) => [r, o[i] ?? []])),
    new: new Map(newRows.map((r, i) => [r, n[i] ?? []])),
  };
}

function Code(props: { row: DiffRow; tokens: CodeToken[] | undefined }): JSX.Element {
  return (
    <code class="df-code">
      <Show when={props.tokens} fallback={props.row.text}>
        {(tokens) => <For each={tokens()}>{(t) => <span style={t.style}>{t.content}</span>}</For>}
      </Show>
    </code>
  );
}

const SIGN = { add: "+", del: "−", context: " ", hunk: "" } as const;

/** The diff of one patch. */
export function DiffView(props: { patch: string; file: string; mode: DiffMode; expanded: boolean; onExpand: () => void }): JSX.Element {
  const rows = createMemo(() => diffRows(props.patch));
  // A memo, so the highlight source below changes only when what it reads changes.
  const collapsed = createMemo(() => !props.expanded && rows().length > COLLAPSE_LINES);
  const [tokens] = createResource(
    () => (collapsed() ? null : { rows: rows(), file: props.file }),
    (source) => highlightSides(source.rows, source.file).catch(() => null),
  );
  const tok = (row: DiffRow | null, side: "old" | "new") => (row ? tokens()?.[side].get(row) : undefined);
  return (
    <Show
      when={rows().length > 0}
      fallback={
        <p class="df-note">{props.patch.trim() ? "This change cannot be shown as a diff." : "No line changes (binary, mode or empty file)."}</p>
      }
    >
      <Show
        when={!collapsed()}
        fallback={
          <button type="button" class="df-expand" onClick={() => props.onExpand()}>
            Large diff — show {rows().length} lines
          </button>
        }
      >
        <Show
          when={props.mode === "split"}
          fallback={
            <div class="df-table df-unified" role="table" aria-label={`Diff of ${props.file}`}>
              <For each={rows()}>
                {(row) => (
                  <div class={`df-row df-${row.kind}`} role="row" data-line-kind={row.kind}>
                    <Show when={row.kind !== "hunk"} fallback={<span class="df-hunk-text">{row.text}</span>}>
                      <span class="df-no" aria-hidden="true">
                        {row.oldNo ?? ""}
                      </span>
                      <span class="df-no" aria-hidden="true">
                        {row.newNo ?? ""}
                      </span>
                      <span class="df-sign" aria-hidden="true">
                        {SIGN[row.kind]}
                      </span>
                      <Code row={row} tokens={tok(row, row.kind === "del" ? "old" : "new")} />
                    </Show>
                  </div>
                )}
              </For>
            </div>
          }
        >
          <div class="df-table df-split" role="table" aria-label={`Diff of ${props.file}`}>
            <For each={splitRows(rows())}>
              {(pair) => (
                <Show
                  when={!pair.hunk}
                  fallback={
                    <div class="df-row df-hunk" role="row">
                      <span class="df-hunk-text">{pair.hunk}</span>
                    </div>
                  }
                >
                  <div class="df-row df-pair" role="row">
                    <div class={`df-half df-${pair.left?.kind ?? "empty"}`} data-line-kind={pair.left?.kind}>
                      <span class="df-no" aria-hidden="true">
                        {pair.left?.oldNo ?? ""}
                      </span>
                      <span class="df-sign" aria-hidden="true">
                        {pair.left ? SIGN[pair.left.kind] : ""}
                      </span>
                      <Show when={pair.left}>{(l) => <Code row={l()} tokens={tok(l(), "old")} />}</Show>
                    </div>
                    <div class={`df-half df-${pair.right?.kind ?? "empty"}`} data-line-kind={pair.right?.kind}>
                      <span class="df-no" aria-hidden="true">
                        {pair.right?.newNo ?? ""}
                      </span>
                      <span class="df-sign" aria-hidden="true">
                        {pair.right ? SIGN[pair.right.kind] : ""}
                      </span>
                      <Show when={pair.right}>{(r) => <Code row={r()} tokens={tok(r(), "new")} />}</Show>
                    </div>
                  </div>
                </Show>
              )}
            </For>
          </div>
        </Show>
      </Show>
    </Show>
  );
}
