import { describe, expect, it } from "vitest";
import type { SearchResult } from "../contract/hub-api.js";
import { decodeCursor, encodeCursor, FIRST, hasMore, mergePages } from "./federated-page.js";

const hit = (id: string, score: number): SearchResult => ({
  sessionId: "s",
  messageId: id,
  instanceId: null,
  machine: null,
  directory: "/",
  title: "t",
  role: "user",
  snippet: id,
  matches: [],
  time: 0,
  score,
});

describe("federated pages", () => {
  it("takes the best head of each source in turn, keeping each source's own order", () => {
    const { results, next } = mergePages(
      FIRST,
      [
        { source: "local", results: [hit("l1", 5), hit("l2", 9)], more: { total: 3 } },
        { source: "b", results: [hit("b1", 7), hit("b2", 1)], more: { next: "b-next" } },
      ],
      3,
    );
    // l2 outscores b1 but comes after l1 in its own (tier-ranked) order.
    expect(results.map((r) => r.messageId)).toEqual(["b1", "l1", "l2"]);
    expect(next).toEqual({ local: 2, peers: { b: { cursor: null, skip: 1 } } });
    expect(hasMore(next, ["b"])).toBe(true);
  });

  it("marks a source done when all its hits are given, and moves a peer to its own next page", () => {
    const { next } = mergePages(
      { local: 2, peers: { b: { cursor: null, skip: 1 } } },
      [
        { source: "local", results: [hit("l3", 1)], more: { total: 3 } },
        { source: "b", results: [hit("b2", 2)], more: { next: "b-next" } },
      ],
      5,
    );
    expect(next).toEqual({ local: null, peers: { b: { cursor: "b-next", skip: 0 } } });
    const last = mergePages(next, [{ source: "b", results: [hit("b3", 1)], more: { next: null } }], 5).next;
    expect(hasMore(last, ["b"])).toBe(false);
  });

  it("round-trips cursors, reads the older offset-only ones, and refuses any other text", () => {
    const cursor = { local: 40, peers: { b: { cursor: "x", skip: 3 }, c: null } };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(Buffer.from('{"o":20}').toString("base64url"))).toEqual({ local: 20, peers: {} });
    for (const bad of ["nope", Buffer.from('{"o":-1}').toString("base64url"), Buffer.from('{"o":0,"p":{"b":{"skip":"x"}}}').toString("base64url")])
      expect(decodeCursor(bad)).toBeNull();
  });
});
