import { describe, expect, it } from "vitest";
import {
  emptyDraft,
  isEmptyDraft,
  MAX_DRAFTS,
  MAX_SAVED_CHARS,
  MAX_SAVED_TEXT,
  parseDrafts,
  restoredText,
  serializeDrafts,
  type Draft,
} from "./drafts-model";

const draft = (over: Partial<Draft>): Draft => ({ ...emptyDraft(), ...over });

describe("drafts model", () => {
  it("round-trips text, error, picker choices and mentions; leaves attachments (data URLs) out", () => {
    const saved = serializeDrafts({
      ses_a: draft({
        text: "half typed",
        error: "Not sent: offline",
        agent: "plan",
        model: { providerID: "mock", modelID: "m2" },
        files: [
          { id: "f1", mime: "text/plain", url: "file:///r/a.ts", filename: "a.ts", size: 0 },
          { id: "f2", mime: "image/png", url: "data:image/png;base64,AAAA", filename: "p.png", size: 3 },
        ],
        touched: 5,
      }),
      ses_empty: draft({ touched: 9 }),
    });
    const back = parseDrafts(saved);
    expect(Object.keys(back)).toEqual(["ses_a"]);
    expect(back.ses_a).toEqual(
      draft({
        text: "half typed",
        error: "Not sent: offline",
        agent: "plan",
        model: { providerID: "mock", modelID: "m2" },
        files: [{ id: "f1", mime: "text/plain", url: "file:///r/a.ts", filename: "a.ts", size: 0 }],
        touched: 5,
      }),
    );
  });

  it("keeps the newest MAX_DRAFTS drafts and cuts long texts", () => {
    const many: Record<string, Draft> = {};
    for (let i = 0; i < MAX_DRAFTS + 10; i++) many[`ses_${i}`] = draft({ text: `t${i}`, touched: i });
    many.ses_big = draft({ text: "x".repeat(MAX_SAVED_TEXT + 500), touched: 1_000 });
    const back = parseDrafts(serializeDrafts(many));
    expect(Object.keys(back)).toHaveLength(MAX_DRAFTS);
    expect(back.ses_big?.text).toHaveLength(MAX_SAVED_TEXT);
    expect(back.ses_0).toBeUndefined();
    expect(back[`ses_${MAX_DRAFTS + 9}`]?.text).toBe(`t${MAX_DRAFTS + 9}`);
  });

  it("stays under MAX_SAVED_CHARS in total", () => {
    const many: Record<string, Draft> = {};
    for (let i = 0; i < MAX_DRAFTS; i++) many[`ses_${i}`] = draft({ text: "y".repeat(MAX_SAVED_TEXT), touched: i });
    expect(serializeDrafts(many).length).toBeLessThanOrEqual(MAX_SAVED_CHARS);
  });

  it("drops malformed saved entries without losing the good ones", () => {
    const raw = JSON.stringify({ ok: { text: "keep", touched: 1 }, bad: { text: 3 }, worse: null, files: { text: "f", files: [{ id: 1 }] } });
    const back = parseDrafts(raw);
    expect(back.ok?.text).toBe("keep");
    expect(back.bad).toBeUndefined();
    expect(back.files?.files).toEqual([]);
    expect(parseDrafts("{not json")).toEqual({});
    expect(parseDrafts("[1,2]")).toEqual({});
  });

  it("puts a failed prompt back before what was typed since", () => {
    expect(restoredText("first", "")).toBe("first");
    expect(restoredText("first", "  ")).toBe("first");
    expect(restoredText("first", "next")).toBe("first\nnext");
    expect(isEmptyDraft(emptyDraft())).toBe(true);
  });
});
