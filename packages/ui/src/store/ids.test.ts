import { describe, expect, it } from "vitest";
import { makeIdGenerator, newMessageId, newPartId } from "./ids";

const zeros = (n: number) => new Uint8Array(n);

describe("OpenCode-style ids", () => {
  it("encodes ms × 0x1000 + counter like OpenCode's own ids", () => {
    // msg_1fca3fd92001… was created by OpenCode 1.18.33 at 1795239968146 ms (first id of that ms).
    const gen = makeIdGenerator(() => 1795239968146, zeros);
    expect(gen("msg")).toBe("msg_1fca3fd92001" + "0".repeat(14));
    expect(gen("msg")).toBe("msg_1fca3fd92002" + "0".repeat(14));
  });

  it("has OpenCode's length and alphabet", () => {
    expect(newMessageId()).toMatch(/^msg_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
    expect(newPartId()).toMatch(/^prt_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
  });

  it("sorts after ids the server created earlier, even within the same ms", () => {
    const serverEarlier = "msg_1fca3fd92001zzzzzzzzzzzzzz";
    const gen = makeIdGenerator(() => 1795239968147);
    expect(gen("msg") > serverEarlier).toBe(true);
  });

  it("ascends strictly, even when the clock stands still or steps back", () => {
    let t = 1_000_000;
    const clock = [t, t, t - 5, t + 1];
    const gen = makeIdGenerator(() => clock.shift() ?? ++t);
    const ids = [gen("msg"), gen("msg"), gen("msg"), gen("msg")];
    const sorted = [...ids].sort();
    expect(ids).toEqual(sorted);
    expect(new Set(ids.map((id) => id.slice(0, 16))).size).toBe(4);
  });

  it("uses fresh randomness for the tail", () => {
    const a = newMessageId();
    const b = newMessageId();
    expect(a.slice(16)).not.toBe(b.slice(16));
  });
});
