import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, describe, expect, it } from "vitest";
import { COLLAPSE_LINES } from "./diff-model";
import { DiffView } from "./diff-view";

afterEach(cleanup);

const patchOf = (n: number) => `--- a.txt\n+++ a.txt\n@@ -0,0 +1,${n} @@\n${Array.from({ length: n }, (_, i) => `+line ${i + 1}`).join("\n")}\n`;

describe("DiffView", () => {
  it("starts a large diff collapsed and renders every line once asked", async () => {
    const n = COLLAPSE_LINES + 50;
    const [expanded, setExpanded] = createSignal(false);
    const { container } = render(() => (
      <DiffView patch={patchOf(n)} file="a.txt" mode="unified" expanded={expanded()} onExpand={() => setExpanded(true)} />
    ));
    expect(container.querySelectorAll("[data-line-kind]")).toHaveLength(0);
    await fireEvent.click(screen.getByRole("button", { name: `Large diff — show ${n + 1} lines` }));
    expect(container.querySelectorAll('[data-line-kind="add"]')).toHaveLength(n);
  });

  it("renders a small diff at once, split into old and new halves", () => {
    const patch = "--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n keep\n-old\n+new\n";
    const { container } = render(() => <DiffView patch={patch} file="a.txt" mode="split" expanded={false} onExpand={() => {}} />);
    const halves = [...container.querySelectorAll(".df-pair .df-half")].map((h) => [
      h.getAttribute("data-line-kind"),
      h.querySelector(".df-code")?.textContent,
    ]);
    expect(halves).toEqual([
      ["context", "keep"],
      ["context", "keep"],
      ["del", "old"],
      ["add", "new"],
    ]);
  });

  it("says so in words when the patch cannot be read", () => {
    render(() => <DiffView patch="garbage" file="a.txt" mode="unified" expanded={false} onExpand={() => {}} />);
    expect(screen.getByText("This change cannot be shown as a diff.")).toBeTruthy();
  });
});
