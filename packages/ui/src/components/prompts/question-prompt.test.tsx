import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@solidjs/testing-library";
import userEvent from "@testing-library/user-event";
import { QuestionPrompt } from "./question-prompt";
import { FX, fixtureQuestion } from "../session-view.fixture";
import type { QuestionRequest } from "../../store/types";

afterEach(cleanup);

const actions = () => ({ replyQuestion: vi.fn(async () => {}), rejectQuestion: vi.fn(async () => {}) });

describe("<QuestionPrompt>", () => {
  it("submits the chosen option", async () => {
    const a = actions();
    render(() => <QuestionPrompt sessionId={FX.sessionId} request={fixtureQuestion()} actions={a} />);
    const submit = screen.getByRole("button", { name: "Submit" });
    expect(submit).toBeDisabled();
    await userEvent.click(screen.getByRole("radio", { name: /vitest/ }));
    await userEvent.click(submit);
    expect(a.replyQuestion).toHaveBeenCalledWith(FX.sessionId, FX.questionId, [["vitest"]]);
  });

  it("accepts a typed answer and several options when multiple is allowed", async () => {
    const a = actions();
    const q: QuestionRequest = {
      ...fixtureQuestion(),
      questions: [{ ...fixtureQuestion().questions[0]!, multiple: true }],
    };
    render(() => <QuestionPrompt sessionId={FX.sessionId} request={q} actions={a} />);
    await userEvent.click(screen.getByRole("checkbox", { name: /vitest/ }));
    await userEvent.click(screen.getByRole("checkbox", { name: /jest/ }));
    await userEvent.type(screen.getByRole("textbox", { name: /Your own answer/ }), "node:test");
    await userEvent.click(screen.getByRole("button", { name: "Submit" }));
    expect(a.replyQuestion).toHaveBeenCalledWith(FX.sessionId, FX.questionId, [["vitest", "jest", "node:test"]]);
  });

  it("Dismiss rejects the question", async () => {
    const a = actions();
    render(() => <QuestionPrompt sessionId={FX.sessionId} request={fixtureQuestion()} actions={a} />);
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(a.rejectQuestion).toHaveBeenCalledWith(FX.sessionId, FX.questionId);
    expect(a.replyQuestion).not.toHaveBeenCalled();
  });
});
