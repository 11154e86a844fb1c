import { describe, expect, it } from "vitest";
import type { Message } from "../../store/types";
import { changedFiles, changedTurns, diffRows, relativePath, splitRows } from "./diff-model";

// A patch exactly as OpenCode 1.18.33 sends it for an edit.
const EDIT =
  "Index: b.txt\n===================================================================\n--- b.txt\t\n+++ b.txt\t\n@@ -1,3 +1,4 @@\n one\n-two\n+TWO\n+more\n three\n\\ No newline at end of file\n";

describe("changed turns", () => {
  const user = (id: string, file: string): Message =>
    ({
      id,
      sessionID: "ses_1",
      role: "user",
      time: { created: 1 },
      summary: { diffs: [{ file, before: "", after: "x", additions: 1, deletions: 0 }] },
    }) as unknown as Message;

  it("leaves out the turns an Undo took back (from the session's revert point on)", () => {
    const messages = [user("msg_1", "a.txt"), user("msg_3", "b.txt")];
    expect(changedTurns(messages).map((t) => t.files[0]?.file)).toEqual(["a.txt", "b.txt"]);
    expect(changedTurns(messages, "msg_3").map((t) => t.files[0]?.file)).toEqual(["a.txt"]);
    expect(changedFiles([], changedTurns(messages, "msg_1"), "/p")).toEqual([]);
  });
});

describe("diff rows", () => {
  it("numbers each side of a unified patch and drops the no-newline note", () => {
    expect(diffRows(EDIT)).toEqual([
      { kind: "hunk", text: "@@ -1,3 +1,4 @@", oldNo: null, newNo: null },
      { kind: "context", text: "one", oldNo: 1, newNo: 1 },
      { kind: "del", text: "two", oldNo: 2, newNo: null },
      { kind: "add", text: "TWO", oldNo: null, newNo: 2 },
      { kind: "add", text: "more", oldNo: null, newNo: 3 },
      { kind: "context", text: "three", oldNo: 3, newNo: 4 },
    ]);
    expect(diffRows("not a patch at all")).toEqual([]);
  });

  it("pairs deletions with additions side by side in the split view", () => {
    const split = splitRows(diffRows(EDIT));
    expect(split.map((r) => [r.hunk ?? r.left?.text ?? null, r.right?.text ?? null])).toEqual([
      ["@@ -1,3 +1,4 @@", null],
      ["one", "one"],
      ["two", "TWO"],
      [null, "more"],
      ["three", "three"],
    ]);
  });
});

describe("changed files", () => {
  const user = (
    id: string,
    diffs: Array<{ file: string; additions: number; deletions: number; status?: "added" | "modified" | "deleted"; patch?: string }>,
  ) => ({ id, role: "user", summary: { diffs } }) as unknown as Message;

  it("lists turns that changed files and merges them by file when the whole-session answer is empty", () => {
    const messages = [
      user("m1", [{ file: "notes.txt", additions: 3, deletions: 0, status: "added", patch: "p1" }]),
      { id: "m2", role: "assistant" } as Message,
      user("m3", []),
      user("m4", [
        { file: "notes.txt", additions: 2, deletions: 1, status: "modified", patch: "p2" },
        { file: "/repo/src/a.ts", additions: 1, deletions: 1, status: "modified", patch: "p3" },
      ]),
    ];
    const turns = changedTurns(messages);
    expect(turns.map((t) => [t.messageId, t.label])).toEqual([
      ["m1", "Turn 1"],
      ["m4", "Turn 3"],
    ]);
    const files = changedFiles([], turns, "/repo");
    expect(files.map((f) => [f.file, f.status, f.additions, f.deletions, f.patches.map((p) => p.turnId)])).toEqual([
      ["notes.txt", "added", 5, 1, ["m1", "m4"]],
      ["src/a.ts", "modified", 1, 1, ["m4"]],
    ]);
  });

  it("prefers the server's whole-session list when it has one", () => {
    const files = changedFiles(
      [{ file: "x.ts", additions: 1, deletions: 0 }],
      [{ messageId: "m1", files: [{ file: "y.ts", additions: 9, deletions: 9 }] }],
      "/r",
    );
    expect(files.map((f) => [f.file, f.status])).toEqual([["x.ts", "modified"]]);
  });

  it("makes absolute paths relative to the session directory only", () => {
    expect(relativePath("/repo/a/b.ts", "/repo/")).toBe("a/b.ts");
    expect(relativePath("/other/b.ts", "/repo")).toBe("/other/b.ts");
  });
});
