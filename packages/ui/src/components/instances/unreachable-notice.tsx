import { For, Show, type JSX } from "solid-js";
import type { UnreachableProcess } from "../../api/hub-types";

/** Lists OpenCode processes the hub found but cannot reach, each with the hub's hint. */
export function UnreachableNotice(props: { processes: readonly UnreachableProcess[] }): JSX.Element {
  return (
    <Show when={props.processes.length > 0}>
      <details class="notice notice-warning" aria-label="Unreachable">
        <summary>
          <strong>Unreachable</strong>{" "}
          <span class="muted">
            {props.processes.length} OpenCode {props.processes.length === 1 ? "process has" : "processes have"} no port to connect to
          </span>
        </summary>
        <ul class="notice-list">
          <For each={props.processes}>
            {(proc) => (
              <li>
                <div class="notice-hint">
                  <For each={proc.hint.split("`")}>
                    {(segment, index) => (
                      <Show when={index() % 2 === 1} fallback={segment}>
                        <code>{segment}</code>
                      </Show>
                    )}
                  </For>
                </div>
                <div class="notice-meta mono">
                  pid {proc.pid} · {proc.command}
                  <Show when={proc.directory}> · {proc.directory}</Show>
                </div>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}
