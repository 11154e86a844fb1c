import { describe, expect, it } from "vitest";
import { allConnection, allSummary, instanceName, retryText } from "./connection-summary";
import { makeInstance, makeState } from "../common/fixtures";

describe("connection summary", () => {
  it("counts connected live instances for the All tab, and names an empty hub", () => {
    const state = makeState({
      instances: [makeInstance("a"), makeInstance("b", { connection: { state: "offline" } }), makeInstance("c", { gone: true })],
    });
    expect(allSummary(state)).toEqual({ words: "1 of 2 connected", count: "1/2", dot: "partial" });
    expect(allSummary(makeState({ instances: [] })).words).toBe("no servers running");
  });

  it("derives the All tab state from live instances", () => {
    const state = makeState({ instances: [makeInstance("a"), makeInstance("b")] });
    expect(allConnection(state)).toBe("connected");
    state.instances.b!.connection.state = "reconnecting";
    expect(allConnection(state)).toBe("reconnecting");
    state.instances.b!.gone = true;
    expect(allConnection(state)).toBe("connected");
    expect(allConnection(makeState({ instances: [] }))).toBe("offline");
  });

  it("names tabs by basename and adds the port on clashes", () => {
    const a = makeInstance("a", { directory: "/home/u/api", port: 4096 });
    const b = makeInstance("b", { directory: "/srv/api", port: 5000 });
    const c = makeInstance("c", { directory: "/home/u/web", port: 6000 });
    expect(instanceName(a, [a, b, c])).toBe("api :4096");
    expect(instanceName(c, [a, b, c])).toBe("web");
    expect(instanceName(makeInstance("d", { directory: null, port: 7 }), [])).toBe(":7");
  });

  it("writes the retry countdown", () => {
    expect(retryText(2, 5_000, 1_000)).toBe("retry 2 in 4s");
    expect(retryText(2, 900, 1_000)).toBe("retry 2 now");
    expect(retryText(3, null, 1_000)).toBe("retry 3");
  });
});
