/** One pending request in the inbox: where it comes from, how long it waited, and the prompt to answer it. */
import { For, Match, Show, Switch, splitProps, type JSX } from "solid-js";
import type { AttentionItem } from "../../store/attention";
import type { State, WorkspaceActions } from "../../store/types";
import { basename } from "../common/format";
import { PermissionPrompt } from "../prompts/permission-prompt";
import { QuestionPrompt } from "../prompts/question-prompt";
import { instanceLabel } from "../session-owner";
import { formatElapsed, linkTitle } from "./format";

/** Props of {@link AttentionItemView}. */
export interface AttentionItemProps {
  item: AttentionItem;
  state: State;
  actions: Pick<WorkspaceActions, "replyPermission" | "replyQuestion" | "rejectQuestion">;
  now: number;
  /** Opens a session (a link of the chain). */
  onOpen: (sessionId: string) => void;
}

/** Renders one inbox item. */
export function AttentionItemView(props: AttentionItemProps): JSX.Element {
  const [local] = splitProps(props, ["item", "state", "actions", "now", "onOpen"]);
  const owner = () => {
    const id = local.item.instanceId;
    const entry = id ? local.state.instances[id] : undefined;
    return entry ? instanceLabel(entry.info) : "no running server";
  };
  // The project, unless the instance's own name already says it.
  const project = () => {
    const dir = local.item.directory;
    if (!dir) return null;
    const id = local.item.instanceId;
    const own = id ? local.state.instances[id]?.info.directory : null;
    return own && basename(own) === basename(dir) ? null : basename(dir);
  };
  return (
    <li
      class="attention-item"
      data-attention-id={local.item.id}
      data-session-id={local.item.sessionId}
      data-attention-kind={local.item.kind}
    >
      <div class="attention-where">
        <span class="attention-kind">{local.item.kind === "permission" ? "Permission" : "Question"}</span>
        <span class="attention-instance" title="Answers go to this OpenCode">
          {owner()}
        </span>
        <Show when={project()}>{(name) => <span class="attention-project" title={local.item.directory ?? ""}>{name()}</span>}</Show>
        <Show when={local.item.askedAt}>
          {(at) => (
            <span class="attention-waited" title={new Date(at()).toLocaleString()}>
              waiting {formatElapsed(at(), local.now)}
            </span>
          )}
        </Show>
      </div>
      <nav class="attention-chain" aria-label="Session and its parents">
        <For each={local.item.chain}>
          {(link, index) => (
            <>
              <Show when={index() > 0}>
                <span class="attention-sep" aria-hidden="true">
                  ›
                </span>
              </Show>
              <button type="button" class="attention-link" onClick={() => local.onOpen(link.id)} data-chain-session-id={link.id}>
                {linkTitle(link)}
              </button>
            </>
          )}
        </For>
      </nav>
      <Switch>
        <Match when={local.item.kind === "permission" && local.item}>
          {(item) => (
            <PermissionPrompt
              sessionId={item().sessionId}
              request={(item() as Extract<AttentionItem, { kind: "permission" }>).request}
              actions={local.actions}
            />
          )}
        </Match>
        <Match when={local.item.kind === "question" && local.item}>
          {(item) => (
            <QuestionPrompt
              sessionId={item().sessionId}
              request={(item() as Extract<AttentionItem, { kind: "question" }>).request}
              actions={local.actions}
            />
          )}
        </Match>
      </Switch>
    </li>
  );
}
