/** Tool part: a card with name, title, state icon, and collapsible input/output (as text, never HTML). */
import { Match, Show, Switch, createMemo } from "solid-js";
import type { ToolPart } from "../../../store/types";
import { formatDuration, toolInputGist } from "../format";

const ICONS = { pending: "○", running: "◐", completed: "✓", error: "✕" } as const;
const STATE_WORDS = { pending: "pending", running: "running", completed: "completed", error: "failed" } as const;

const lineCount = (s: string): number => (s ? s.split("\n").length : 0);

/** Renders one tool call. */
export function ToolPartView(props: { part: ToolPart }) {
  const state = () => props.part.state;
  const title = createMemo(() => {
    const s = state();
    const own = s.status === "running" || s.status === "completed" ? s.title : undefined;
    return own?.trim() || toolInputGist(s.input);
  });
  const duration = () => {
    const s = state();
    return s.status === "completed" || s.status === "error" ? formatDuration(s.time.end - s.time.start) : null;
  };
  const inputText = createMemo(() => {
    const s = state();
    if (Object.keys(s.input).length > 0) return JSON.stringify(s.input, null, 2);
    return s.status === "pending" ? s.raw : "";
  });
  const output = () => {
    const s = state();
    return s.status === "completed" ? s.output : null;
  };

  /** The child session a `task` call runs in (OpenCode puts its id in the tool's metadata). */
  const childSession = () => {
    const s = state();
    const metadata = s.status === "pending" ? undefined : (s.metadata as Record<string, unknown> | undefined);
    const id = metadata?.["sessionId"];
    return props.part.tool === "task" && typeof id === "string" && id.startsWith("ses") ? id : null;
  };

  const errorText = () => {
    const s = state();
    return s.status === "error" ? s.error : null;
  };

  return (
    <div class="sv-tool" data-tool-status={state().status}>
      <div class="sv-tool-head">
        <span class={`sv-tool-icon sv-tool-${state().status}`} aria-hidden="true">
          {ICONS[state().status]}
        </span>
        <span class="sv-tool-name">{props.part.tool}</span>
        <span class="sv-tool-title" title={title()}>
          {title()}
        </span>
        <Show when={childSession()}>
          {(id) => (
            // The router turns this into an in-page navigation: the workspace opens ?session= as a tab.
            <a class="sv-tool-link" href={`?session=${encodeURIComponent(id())}`} title="Open the session this task runs in">
              Open session
            </a>
          )}
        </Show>
        <span class="sv-tool-state">
          {STATE_WORDS[state().status]}
          <Show when={duration()}>{(d) => <> · {d()}</>}</Show>
        </span>
      </div>
      <Show when={inputText()}>
        <details class="sv-tool-section">
          <summary>Input</summary>
          <pre class="sv-pre">{inputText()}</pre>
        </details>
      </Show>
      <Switch>
        <Match when={output() !== null}>
          <details class="sv-tool-section">
            <summary>
              Output <span class="sv-muted">({lineCount(output() ?? "")} lines)</span>
            </summary>
            <pre class="sv-pre">{output()}</pre>
          </details>
        </Match>
        <Match when={errorText()}>{(text) => <pre class="sv-pre sv-tool-error">{text()}</pre>}</Match>
      </Switch>
    </div>
  );
}
