import { describe, expect, it } from "vitest";
import type { Message, SessionErrorEntry } from "../../store/types";
import { parseRowKey, timelineRowKeys } from "./timeline-rows";

const msg = (id: string): Message => ({
  id,
  sessionID: "ses_1",
  role: "user",
  time: { created: 1 },
  agent: "build",
  model: { providerID: "p", modelID: "m" },
});
const err = (afterMessageId: string | null, message = "boom"): SessionErrorEntry => ({
  afterMessageId,
  name: "APIError",
  message,
  at: 1,
});

describe("timelineRowKeys", () => {
  const messages = [msg("msg_01"), msg("msg_03"), msg("msg_05")];

  it("lists messages in order", () => {
    expect(timelineRowKeys(messages, [], true)).toEqual(["m:msg_01", "m:msg_03", "m:msg_05"]);
  });

  it("places each error after the message that was last when it arrived", () => {
    const keys = timelineRowKeys(messages, [err("msg_05"), err("msg_01"), err("msg_03")], true);
    expect(keys).toEqual(["m:msg_01", "e:1", "m:msg_03", "e:2", "m:msg_05", "e:0"]);
  });

  it("places an error whose message is missing after the last older message", () => {
    expect(timelineRowKeys(messages, [err("msg_04")], true)).toEqual(["m:msg_01", "m:msg_03", "e:0", "m:msg_05"]);
  });

  it("puts errors from before any message first, but hides pre-window errors while history is partial", () => {
    expect(timelineRowKeys(messages, [err(null), err("msg_00")], true)).toEqual(["e:0", "e:1", "m:msg_01", "m:msg_03", "m:msg_05"]);
    expect(timelineRowKeys(messages, [err(null), err("msg_00")], false)).toEqual(["m:msg_01", "m:msg_03", "m:msg_05"]);
    expect(timelineRowKeys([], [err(null)], false)).toEqual(["e:0"]);
  });

  it("round-trips keys", () => {
    expect(parseRowKey("m:msg_1")).toEqual({ kind: "message", key: "m:msg_1", messageId: "msg_1" });
    expect(parseRowKey("e:2")).toEqual({ kind: "error", key: "e:2", index: 2 });
    expect(parseRowKey("x")).toBeNull();
  });
});
