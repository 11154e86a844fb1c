import { describe, expect, it } from "vitest";
import type { Message } from "../../../store/types";
import { contextShare, contextSums, formatCost, formatTokens, sessionCost } from "./context-sums";

const reply = (id: string, tokens: { input: number; output: number; reasoning?: number; read?: number; write?: number }, cost: number): Message =>
  ({
    id,
    sessionID: "s",
    role: "assistant",
    providerID: "mock",
    modelID: "m1",
    cost,
    tokens: {
      input: tokens.input,
      output: tokens.output,
      reasoning: tokens.reasoning ?? 0,
      cache: { read: tokens.read ?? 0, write: tokens.write ?? 0 },
    },
    time: { created: 1 },
  }) as unknown as Message;
const user = (id: string): Message => ({ id, sessionID: "s", role: "user", time: { created: 1 } }) as unknown as Message;

describe("contextSums", () => {
  it("sums every assistant message and skips user messages", () => {
    const sums = contextSums([
      user("a"),
      reply("b", { input: 10, output: 5, reasoning: 2, read: 100, write: 3 }, 0.5),
      user("c"),
      reply("d", { input: 20, output: 7 }, 0.25),
    ]);
    expect(sums).toMatchObject({ input: 30, output: 12, reasoning: 2, cacheRead: 100, cacheWrite: 3, cost: 0.75, replies: 2 });
    expect(sums.lastContext).toBe(27);
    expect(sums.model).toEqual({ providerID: "mock", modelID: "m1" });
  });

  it("tolerates a reply without tokens yet (still streaming) and keeps the last full one as context", () => {
    const streaming = { id: "z", sessionID: "s", role: "assistant", time: { created: 1 } } as unknown as Message;
    const sums = contextSums([reply("b", { input: 4, output: 1 }, 0), streaming]);
    expect(sums.input).toBe(4);
    expect(sums.lastContext).toBe(5);
  });

  it("is all zero for no messages", () => {
    expect(contextSums([])).toMatchObject({ input: 0, output: 0, cost: 0, replies: 0, model: null });
  });
});

describe("formatting", () => {
  it("shares only with a known window, capped at 1", () => {
    expect(contextShare(50, 200)).toBe(0.25);
    expect(contextShare(500, 200)).toBe(1);
    expect(contextShare(50, null)).toBeNull();
  });
  it("words costs and token counts", () => {
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.00123)).toBe("$0.0012");
    expect(formatCost(1.2)).toBe("$1.20");
    expect(formatTokens(1234)).toBe("1,234");
    expect(formatTokens(12_345)).toBe("12.3k");
  });
});

describe("sessionCost", () => {
  it("sums loaded replies, else reads the session's own total, else says nothing", () => {
    expect(sessionCost({ cost: 9 }, [reply("b", { input: 1, output: 1 }, 0.5)])).toBe(0.5);
    expect(sessionCost({ cost: 0.2 }, [])).toBe(0.2);
    expect(sessionCost({}, undefined)).toBeNull();
  });
});
