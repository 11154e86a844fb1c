import { describe, expect, it } from "vitest";
import { verdict, type SoakObservation } from "./verdict.js";

const good = (): SoakObservation => ({
  truth: [
    { id: "s1", server: "alpha", up: true, busy: false, users: 2, assistants: 2 },
    { id: "s2", server: "beta", up: true, busy: true, users: 1, assistants: 1 },
  ],
  listed: new Set(["s1", "s2"]),
  rows: [
    { id: "s1", status: "idle" },
    { id: "s2", status: "busy" },
  ],
  timelines: new Map([
    ["s1", { users: 2, assistants: 2, duplicates: [] }],
    ["s2", { users: 1, assistants: 1, duplicates: [] }],
  ]),
  drafts: [{ sessionId: "s1", typed: "keep me", found: "keep me" }],
  heap: { baselineMinute: 5, baseline: 10_000_000, end: 10_900_000 },
});

describe("verdict", () => {
  it("passes when the page equals the servers", () => {
    expect(verdict(good())).toEqual([]);
  });

  it("fails a heap more than 10 % over the baseline", () => {
    const o = { ...good(), heap: { baselineMinute: 5, baseline: 10_000_000, end: 11_100_000 } };
    expect(verdict(o)).toEqual([expect.stringMatching(/^heap grew: .* at minute 5 \(\+11\.0 %, limit \+10 %\)/)]);
  });

  it("fails a stuck busy, a stuck unknown and a missed busy", () => {
    const o = good();
    o.rows = [
      { id: "s1", status: "busy" },
      { id: "s2", status: "idle" },
    ];
    expect(verdict(o)).toEqual(['session s1 (alpha) is stuck "busy" while alpha says idle', 'session s2 (beta) shows "idle" while beta says busy']);
    o.rows = [
      { id: "s1", status: "unknown" },
      { id: "s2", status: "retry" },
    ];
    expect(verdict(o)).toEqual(['session s1 (alpha) is stuck "unknown" while alpha is up']);
  });

  it("does not judge sessions of a server that is down", () => {
    const o = good();
    o.truth = o.truth.map((t) => (t.id === "s1" ? { ...t, up: false } : t));
    o.listed = new Set(["s2"]);
    expect(verdict(o)).toEqual([]);
    o.rows = o.rows.filter((r) => r.id !== "s1");
    expect(verdict(o)).toEqual([]);
  });

  it("fails missing, doubled and phantom rows", () => {
    const o = good();
    o.rows = [
      { id: "s2", status: "busy" },
      { id: "s2", status: "busy" },
      { id: "ghost", status: "idle" },
    ];
    expect(verdict(o)).toEqual([
      "session s2 has 2 rows in the session list",
      "session ghost is in the session list but no server lists it",
      "session s1 (alpha) is missing from the session list",
    ]);
  });

  it("fails message counts that differ, messages shown twice and an unread timeline", () => {
    const o = good();
    o.timelines = new Map([["s1", { users: 2, assistants: 3, duplicates: ["m1"] }]]);
    expect(verdict(o)).toEqual([
      "session s1 (alpha) shows messages twice: m1",
      "session s1 (alpha) shows 2 user + 3 assistant messages; the server has 2 + 2",
      "session s2 (beta): its timeline was not read",
    ]);
  });

  it("fails a lost draft", () => {
    const o = { ...good(), drafts: [{ sessionId: "s1", typed: "keep me", found: "" }] };
    expect(verdict(o)).toEqual(['draft lost in session s1: typed "keep me", the composer holds ""']);
  });
});
