/** One pending request in the inbox: where it comes from, how long it waited, and the prompt to answer it. */
import { For, Match, Show, Switch, type JSX } from "solid-js";
import type { AttentionItem } from "../../store/attention";
import { basename } from "../common/format";
import { PermissionPrompt } from "../prompts/permission-prompt";
import { QuestionPrompt } from "../prompts/question-prompt";
import { instanceLabel } from "../session-owner";
import { formatElapsed, linkTitle } from "./format";
import { useWorkspace } from "../workspace-services";

/** Props of {@link AttentionItemView}. */
export interface AttentionItemProps {
  item: AttentionItem;
  now: number;
  /** Opens a session (a link of the chain). */
  onOpen: (sessionId: string) => void;
}

/** Renders one inbox item. */
export function AttentionItemView(props: AttentionItemProps): JSX.Element {
  const { state, actions } = useWorkspace();
  const owner = () => {
    const id = props.item.instanceId;
    const entry = id ? state.instances[id] : undefined;
    return entry ? instanceLabel(entry.info) : "no running server";
  };
  // The project, unless the instance's own name already says it.
  const project = () => {
    const dir = props.item.directory;
    if (!dir) return null;
    const id = props.item.instanceId;
    const own = id ? state.instances[id]?.info.directory : null;
    return own && basename(own) === basename(dir) ? null : basename(dir);
  };
  return (
    <li class="attention-item" data-attention-id={props.item.id} data-session-id={props.item.sessionId} data-attention-kind={props.item.kind}>
      <div class="attention-where">
        <span class="attention-kind">{props.item.kind === "permission" ? "Permission" : "Question"}</span>
        <span class="attention-instance" title="Answers go to this OpenCode">
          {owner()}
        </span>
        <Show when={project()}>
          {(name) => (
            <span class="attention-project" title={props.item.directory ?? ""}>
              {name()}
            </span>
          )}
        </Show>
        <Show when={props.item.askedAt}>
          {(at) => (
            <span class="attention-waited" title={new Date(at()).toLocaleString()}>
              waiting {formatElapsed(at(), props.now)}
            </span>
          )}
        </Show>
      </div>
      <nav class="attention-chain" aria-label="Session and its parents">
        <For each={props.item.chain}>
          {(link, index) => (
            <>
              <Show when={index() > 0}>
                <span class="attention-sep" aria-hidden="true">
                  ›
                </span>
              </Show>
              <button type="button" class="attention-link" onClick={() => props.onOpen(link.id)} data-chain-session-id={link.id}>
                {linkTitle(link)}
              </button>
            </>
          )}
        </For>
      </nav>
      <Switch>
        <Match when={props.item.kind === "permission" && props.item}>
          {(item) => (
            <PermissionPrompt
              sessionId={item().sessionId}
              request={(item() as Extract<AttentionItem, { kind: "permission" }>).request}
              actions={actions}
            />
          )}
        </Match>
        <Match when={props.item.kind === "question" && props.item}>
          {(item) => (
            <QuestionPrompt
              sessionId={item().sessionId}
              request={(item() as Extract<AttentionItem, { kind: "question" }>).request}
              actions={actions}
            />
          )}
        </Match>
      </Switch>
    </li>
  );
}
