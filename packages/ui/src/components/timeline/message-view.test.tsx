import { cleanup, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { textPart, userMessage } from "../../store/test-fixtures";
import type { Part, TextPart } from "../../store/types";
import { MessageView } from "./message-view";

afterEach(cleanup);

const S = "ses_1";
const U = "msg_1";
const synthetic = (id: string, text: string): TextPart => ({ ...(textPart(id, U, S, text) as TextPart), synthetic: true });

describe("<MessageView>", () => {
  it("shows what the user typed and folds the parts the server added for an @file under one closed line", () => {
    const parts: Part[] = [
      textPart("prt_1", U, S, "Summarise @README.md please"),
      synthetic("prt_2", 'Called the Read tool with the following input: {"filePath":"README.md"}'),
      synthetic("prt_3", "<file>\n00001| # Readme\n</file>"),
    ];
    render(() => <MessageView message={userMessage(U, S)} parts={parts} live={false} />);
    expect(screen.getByText("Summarise @README.md please")).toBeVisible();
    const fold = document.querySelector<HTMLDetailsElement>("details.sv-synthetic-fold");
    expect(fold?.open).toBe(false);
    expect(fold?.querySelector("summary")?.textContent).toBe("Added for the model (2 parts)");
    expect(fold?.querySelectorAll("[data-part-id]")).toHaveLength(2);
  });
});
