import { describe, expect, it } from "vitest";
import { findHits, stepHit } from "./find-model";

describe("findHits", () => {
  const texts = [
    { messageId: "m3", text: "Deploy the Parser", time: 30 },
    { messageId: "m1", text: "the parser is slow", time: 10 },
    { messageId: "m2", text: "nothing here", time: 20 },
    { messageId: "m2", text: "bash: grep parser", time: 20 },
    { messageId: "m1", text: "the parser is slow", time: 10 },
  ];

  it("finds messages holding every word, case-insensitive, oldest first, each once", () => {
    expect(findHits(texts, "PARSER")).toEqual(["m1", "m2", "m3"]);
    expect(findHits(texts, "parser slow")).toEqual(["m1"]);
    expect(findHits(texts, "  ")).toEqual([]);
    expect(findHits(texts, "absent")).toEqual([]);
  });
});

describe("stepHit", () => {
  it("starts at the newest match, walks older with -1 and newer with +1, wrapping", () => {
    expect(stepHit(3, null, -1)).toBe(2);
    expect(stepHit(3, 2, -1)).toBe(1);
    expect(stepHit(3, 0, -1)).toBe(2);
    expect(stepHit(3, 2, 1)).toBe(0);
    expect(stepHit(0, null, 1)).toBeNull();
    expect(stepHit(2, 5, 1)).toBe(1);
  });
});
