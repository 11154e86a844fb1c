/**
 * The "Context" region of a session: tokens in, out, reasoning and cache, the cost, and how much
 * of the model's context window the last reply used. Figures are memos over the store, so they
 * follow the stream live; only the window size is asked of the owner (once per model).
 */
import { createMemo, createResource, For, Show, type JSX } from "solid-js";
import { createWorkbenchApi } from "../files/create-workbench-api";
import { closePanel, panelOpen, togglePanel } from "../files/workbench-panels";
import { contextShare, contextSums, formatCost, formatTokens } from "./context-sums";
import { useWorkspace } from "../../workspace-services";
import "../workbench.css";

/** Header button: the cost so far, opening the panel. */
export function ContextButton(props: { sessionId: string }): JSX.Element {
  const { state } = useWorkspace();
  const sums = createMemo(() => contextSums(state.messages[props.sessionId] ?? []));
  return (
    <button
      type="button"
      class="ch-toggle"
      aria-pressed={panelOpen(props.sessionId, "context")}
      aria-label="Context"
      title={`Tokens and cost of this session: ${formatCost(sums().cost)}`}
      onClick={() => togglePanel(props.sessionId, "context")}
    >
      Context · {formatCost(sums().cost)}
    </button>
  );
}

/** The panel (rendered only while open). */
export function ContextPanel(props: { sessionId: string }): JSX.Element {
  return (
    <Show when={panelOpen(props.sessionId, "context")}>
      <ContextRegion sessionId={props.sessionId} />
    </Show>
  );
}

function ContextRegion(props: { sessionId: string }): JSX.Element {
  const { state } = useWorkspace();
  const sums = createMemo(() => contextSums(state.messages[props.sessionId] ?? []));
  const source = createWorkbenchApi(state, () => props.sessionId);
  const limitKey = createMemo(() => {
    const s = source();
    const m = sums().model;
    return s && m ? { ...s, ...m, id: `${s.key}|${m.providerID}/${m.modelID}` } : null;
  });
  const [limit] = createResource(limitKey, (k) => k.api.contextLimit(k.providerID, k.modelID));
  const share = () => (limit.error ? null : contextShare(sums().lastContext, limit() ?? null));
  const rows = (): Array<[string, number]> => [
    ["Input", sums().input],
    ["Output", sums().output],
    ["Reasoning", sums().reasoning],
    ["Cache read", sums().cacheRead],
    ["Cache write", sums().cacheWrite],
  ];
  return (
    <section
      class="wb-panel"
      aria-label="Context"
      data-tokens-input={sums().input}
      data-tokens-output={sums().output}
      data-tokens-reasoning={sums().reasoning}
      data-tokens-cache-read={sums().cacheRead}
      data-tokens-cache-write={sums().cacheWrite}
      data-cost={sums().cost}
    >
      <header class="ch-head">
        <h3 class="ch-title">Context</h3>
        <button type="button" class="ch-close" aria-label="Close context" onClick={() => closePanel(props.sessionId)}>
          ×
        </button>
      </header>
      <div class="wb-body">
        <p class="wb-cost">
          <span class="wb-big">{formatCost(sums().cost)}</span> over {sums().replies} {sums().replies === 1 ? "reply" : "replies"}
        </p>
        <dl class="wb-figures">
          <For each={rows()}>
            {([label, value]) => (
              <>
                <dt>{label}</dt>
                <dd title={value.toLocaleString("en-US")}>{formatTokens(value)}</dd>
              </>
            )}
          </For>
        </dl>
        <h4 class="wb-sub">Context window</h4>
        <Show
          when={!limit.error}
          fallback={<p class="ch-error">Could not read the model's context window: {String((limit.error as Error)?.message ?? limit.error)}</p>}
        >
          <Show
            when={share() !== null}
            fallback={
              <p class="wb-muted">
                {sums().model
                  ? limit.loading
                    ? "Reading the model's window…"
                    : `${sums().model?.modelID} does not say how large its window is.`
                  : "No reply yet."}
              </p>
            }
          >
            <meter class="wb-meter" min={0} max={1} value={share() ?? 0} aria-label="Context window used" />
            <p class="wb-muted">
              {Math.round((share() ?? 0) * 100)}% — {formatTokens(sums().lastContext)} of {formatTokens(limit() ?? 0)} tokens ({sums().model?.modelID}
              )
            </p>
          </Show>
        </Show>
      </div>
    </section>
  );
}
