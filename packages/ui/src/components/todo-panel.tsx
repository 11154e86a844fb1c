/** The session's todo list (todo.updated) as a small read-only checklist. */
import { For, Show, createMemo } from "solid-js";
import type { Todo } from "../store/types";

const MARKS: Record<string, string> = { completed: "☑", in_progress: "◧", cancelled: "☒", pending: "☐" };

/** Renders todos; nothing when the list is empty. */
export function TodoPanel(props: { todos: readonly Todo[] }) {
  const done = createMemo(() => props.todos.filter((t) => t.status === "completed").length);
  return (
    <Show when={props.todos.length > 0}>
      <details class="sv-todos" open>
        <summary>
          Todos{" "}
          <span class="sv-muted">
            {done()}/{props.todos.length}
          </span>
        </summary>
        <ul>
          <For each={props.todos}>
            {(t) => (
              <li class={`sv-todo sv-todo-${t.status}`} data-todo-status={t.status}>
                <span aria-hidden="true">{MARKS[t.status] ?? "☐"}</span> <span>{t.content}</span>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}
