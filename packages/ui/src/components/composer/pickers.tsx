/** The composer's "Agent" and "Model" pickers, filled from the owning server. */
import { For, Show, createMemo, type JSX } from "solid-js";
import type { AgentChoice, ModelChoice, ModelChoices } from "../../api/composer-api";
import type { ModelRef } from "../../store/drafts-model";

const modelValue = (m: ModelRef): string => `${m.providerID}/${m.modelID}`;

/**
 * Agent and model selects; `error` words replace a list that could not load. A list still loading
 * (undefined) says so, an empty one says there is none: never a bare "agent…".
 */
export function Pickers(props: {
  agents: readonly AgentChoice[] | undefined;
  agent: string | undefined;
  agentsError: string | null;
  models: ModelChoices | undefined;
  model: ModelRef | undefined;
  modelsError: string | null;
  onAgent(name: string): void;
  onModel(model: ModelRef): void;
}): JSX.Element {
  /** Models grouped by provider, in the server's order. */
  const groups = createMemo(() => {
    const out = new Map<string, ModelChoice[]>();
    for (const m of props.models?.models ?? []) out.set(m.providerName, [...(out.get(m.providerName) ?? []), m]);
    return [...out.entries()];
  });
  return (
    <div class="sv-pickers">
      <Show
        when={!props.agentsError}
        fallback={
          <span class="sv-picker-error" title={props.agentsError ?? ""}>
            Agents unavailable
          </span>
        }
      >
        <select
          class="sv-picker"
          aria-label="Agent"
          title="Agent — Tab in the message box cycles agents"
          value={props.agent ?? ""}
          disabled={!props.agents?.length}
          onChange={(e) => props.onAgent(e.currentTarget.value)}
        >
          <Show when={!props.agents?.length}>
            <option value="">{props.agents ? "No agents" : "Loading agents…"}</option>
          </Show>
          {/* `selected` per option: a select's value set before its options exist would be lost. */}
          <For each={props.agents}>
            {(a) => (
              <option value={a.name} title={a.description} selected={a.name === props.agent}>
                {a.name}
              </option>
            )}
          </For>
        </select>
      </Show>
      <Show
        when={!props.modelsError}
        fallback={
          <span class="sv-picker-error" title={props.modelsError ?? ""}>
            Models unavailable
          </span>
        }
      >
        <select
          class="sv-picker sv-picker-model"
          aria-label="Model"
          value={props.model ? modelValue(props.model) : ""}
          disabled={!props.models?.models.length}
          onChange={(e) => {
            const m = props.models?.models.find((x) => modelValue(x) === e.currentTarget.value);
            if (m) props.onModel({ providerID: m.providerID, modelID: m.modelID });
          }}
        >
          <Show when={!props.models?.models.length}>
            <option value="">{props.models ? "No models" : "Loading models…"}</option>
          </Show>
          <For each={groups()}>
            {([provider, models]) => (
              <optgroup label={provider}>
                <For each={models}>
                  {(m) => (
                    <option value={modelValue(m)} selected={!!props.model && modelValue(m) === modelValue(props.model)}>
                      {m.name}
                    </option>
                  )}
                </For>
              </optgroup>
            )}
          </For>
        </select>
      </Show>
    </div>
  );
}
