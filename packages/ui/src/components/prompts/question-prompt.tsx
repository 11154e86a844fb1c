/** An inline card for a question the agent asked: pick options and/or type an answer. */
import { For, Index, Show, createSignal, untrack } from "solid-js";
import type { QuestionRequest, WorkspaceActions } from "../../store/types";
import { createAsyncAction } from "../common/create-async-action";
import "../controls.css";
import "./prompts.css";
import { ErrorText } from "../common/error-text";

/** Props of {@link QuestionPrompt}. */
export interface QuestionPromptProps {
  sessionId: string;
  request: QuestionRequest;
  actions: Pick<WorkspaceActions, "replyQuestion" | "rejectQuestion">;
}

/** Renders one pending question request with "Submit" and "Dismiss". */
export function QuestionPrompt(props: QuestionPromptProps) {
  const pending = createAsyncAction();
  // One answer slot per question, made once for the request this prompt was created for.
  const [chosen, setChosen] = createSignal<string[][]>(untrack(() => props.request.questions.map(() => [])));
  const [custom, setCustom] = createSignal<string[]>(untrack(() => props.request.questions.map(() => "")));

  const toggle = (qi: number, label: string, multiple: boolean) =>
    setChosen((all) =>
      all.map((picked, i) => {
        if (i !== qi) return picked;
        if (!multiple) return [label];
        return picked.includes(label) ? picked.filter((l) => l !== label) : [...picked, label];
      }),
    );
  const answers = (): string[][] =>
    props.request.questions.map((_, i) => {
      const typed = custom()[i]?.trim() ?? "";
      return [...(chosen()[i] ?? []), ...(typed ? [typed] : [])];
    });
  const complete = () => answers().every((a) => a.length > 0);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!complete()) return;
    void pending.run(() => props.actions.replyQuestion(props.sessionId, props.request.id, answers()), "send your answer");
  };
  const dismiss = () => void pending.run(() => props.actions.rejectQuestion(props.sessionId, props.request.id), "dismiss the question");

  return (
    <form class="sv-prompt sv-question" data-question-id={props.request.id} aria-label="Question from the agent" onSubmit={submit}>
      <Index each={props.request.questions}>
        {(q, qi) => {
          const multiple = () => q().multiple ?? false;
          const name = `q-${props.request.id}-${qi}`;
          return (
            <fieldset class="sv-question-item">
              <legend>
                <span class="sv-prompt-kind">{q().header || "Question"}</span> {q().question}
              </legend>
              <For each={q().options}>
                {(opt) => (
                  <label class="sv-option">
                    <input
                      type={multiple() ? "checkbox" : "radio"}
                      name={name}
                      checked={chosen()[qi]?.includes(opt.label) ?? false}
                      onChange={() => toggle(qi, opt.label, multiple())}
                    />
                    <span class="sv-option-label">{opt.label}</span>
                    <Show when={opt.description}>
                      <span class="sv-muted"> — {opt.description}</span>
                    </Show>
                  </label>
                )}
              </For>
              <Show when={q().custom !== false}>
                <input
                  class="sv-input"
                  type="text"
                  aria-label={`Your own answer: ${q().header || q().question}`}
                  placeholder="Or type your own answer"
                  value={custom()[qi] ?? ""}
                  onInput={(e) => {
                    const value = e.currentTarget.value;
                    setCustom((all) => all.map((v, i) => (i === qi ? value : v)));
                  }}
                />
              </Show>
            </fieldset>
          );
        }}
      </Index>
      <div class="sv-prompt-actions">
        <button type="submit" class="sv-btn sv-btn-primary" disabled={pending.pending() || !complete()}>
          Submit
        </button>
        <button type="button" class="sv-btn" disabled={pending.pending()} onClick={dismiss}>
          Dismiss
        </button>
      </div>
      <ErrorText message={pending.error()} />
    </form>
  );
}
