import { describe, expect, it } from "vitest";
import { makeHit } from "./fixtures";
import { flatHits, groupBySession, snippetPieces } from "./search-model";

describe("snippetPieces", () => {
  it("cuts the snippet at the offsets into plain and marked pieces", () => {
    expect(
      snippetPieces("rotate the token now", [
        [0, 6],
        [11, 16],
      ]),
    ).toEqual([
      { text: "rotate", marked: true },
      { text: " the ", marked: false },
      { text: "token", marked: true },
      { text: " now", marked: false },
    ]);
  });

  it("never loses text to bad offsets (out of range, reversed, overlapping, unsorted)", () => {
    const pieces = snippetPieces("abcdef", [
      [4, 99],
      [1, 3],
      [2, 5],
      [3, 1],
    ]);
    expect(pieces.map((p) => p.text).join("")).toBe("abcdef");
    expect(pieces.filter((p) => p.marked).map((p) => p.text)).toEqual(["bc", "de", "f"]);
    expect(snippetPieces("abc", [])).toEqual([{ text: "abc", marked: false }]);
  });

  it("counts UTF-16 units as JavaScript does (an emoji before a match)", () => {
    const snippet = "😀 token";
    expect(snippetPieces(snippet, [[3, 8]]).find((p) => p.marked)?.text).toBe("token");
  });
});

describe("groupBySession", () => {
  it("groups hits by session in the order of each session's best hit", () => {
    const hits = [
      makeHit({ sessionId: "a", messageId: "m1" }),
      makeHit({ sessionId: "b", messageId: "m2", title: "Other" }),
      makeHit({ sessionId: "a", messageId: "m3" }),
    ];
    const groups = groupBySession(hits);
    expect(groups.map((g) => [g.sessionId, g.hits.map((h) => h.messageId)])).toEqual([
      ["a", ["m1", "m3"]],
      ["b", ["m2"]],
    ]);
    expect(flatHits(groups).map((h) => h.messageId)).toEqual(["m1", "m3", "m2"]);
  });
});
