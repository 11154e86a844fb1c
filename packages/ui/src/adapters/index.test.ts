import { describe, expect, it } from "vitest";
import { fakeFetch } from "../api/fake-fetch";
import { adapterFor } from ".";

const target = (protocol: "global" | "legacy" | "v2") => ({
  url: "http://127.0.0.1:4096",
  port: 4096,
  protocol,
  eventsUrl: "http://127.0.0.1:4096/x",
});

describe("adapterFor", () => {
  it("gives each protocol its own adapter and capabilities", () => {
    expect(adapterFor("global").capabilities).toEqual({ tuiControl: true, queueWhileBusy: false, heartbeats: true, viewedMark: false });
    expect(adapterFor("legacy").capabilities).toEqual({ tuiControl: true, queueWhileBusy: false, heartbeats: false, viewedMark: false });
    expect(adapterFor("v2").capabilities).toEqual({ tuiControl: false, queueWhileBusy: true, heartbeats: true, viewedMark: true });
    expect(adapterFor("v2").noTuiControl).toMatch(/no route to switch its terminal/);
    expect(adapterFor("global").noTuiControl).toBeNull();
  });

  it("1.x reads the stream with the browser's EventSource, 2.x with fetch (its heartbeats are comments)", () => {
    expect(adapterFor("global").eventSource).toBeUndefined();
    expect(adapterFor("v2").eventSource?.()).toBeTypeOf("function");
  });

  it("routes the same action to each generation's own route", async () => {
    for (const [protocol, url] of [
      ["global", "http://127.0.0.1:4096/session/ses_1/abort"],
      ["legacy", "http://127.0.0.1:4096/session/ses_1/abort"],
      ["v2", "http://127.0.0.1:4096/api/session/ses_1/interrupt"],
    ] as const) {
      const { fetchImpl, calls } = fakeFetch(() => new Response("true", { status: 200 }));
      await adapterFor(protocol).client(target(protocol), { fetchImpl }).abort("ses_1");
      expect(calls[0]?.url).toBe(url);
    }
  });

  it("1.x normalizes one frame into one event; a bad frame is a malformed signal", () => {
    const n = adapterFor("global").normalizer("i1");
    const frame = JSON.stringify({ directory: "/p", payload: { type: "session.idle", properties: { sessionID: "ses_1" } } });
    expect(n.normalize(frame, 5)).toEqual([
      { instanceId: "i1", directory: "/p", type: "session.idle", properties: { sessionID: "ses_1" }, receivedAt: 5 },
    ]);
    expect(n.normalize("{nope", 6)).toEqual([{ kind: "malformed", reason: "not JSON" }]);
  });
});
