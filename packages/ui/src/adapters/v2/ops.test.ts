import { describe, expect, it } from "vitest";
import { fakeFetch, type FetchCall } from "../../api/fake-fetch";
import type { AdapterTarget } from "../types";
import { v2Fixture } from "./fixture";
import { makeV2SessionOps } from "./ops";

const json = (value: unknown) => new Response(JSON.stringify(value), { status: 200, headers: { "content-type": "application/json" } });
const none = () => new Response(null, { status: 204 });
const target: AdapterTarget = {
  url: "http://127.0.0.1:47300",
  port: 47300,
  protocol: "v2",
  eventsUrl: "http://127.0.0.1:47300/api/event",
  kind: "serve",
  directory: "/w/p",
};
const line = (c: FetchCall) => [`${c.method} ${c.url.replace(target.url, "")}`, c.body];

describe("v2 session ops", () => {
  it("maps each action to its 2.1.2 route and body", async () => {
    const { fetchImpl, calls } = fakeFetch((call) => {
      if (call.url.endsWith("/fork")) return json({ data: v2Fixture.session("ses_fork") });
      if (call.url.includes("/diff"))
        return json({ data: [{ file: "a.txt", patch: "@@", additions: 1, deletions: 0, status: "added" }, { bogus: true }] });
      if (call.url.endsWith("/revert/stage")) return json({ data: { messageID: "msg_1", files: [] } });
      if (call.url.endsWith("/compact")) return json({ data: { type: "compaction" } });
      return none();
    });
    const ops = makeV2SessionOps(target, { fetchImpl });
    await ops.rename("ses_1", "  New name ");
    await ops.setArchived("ses_1", true);
    await ops.setArchived("ses_1", false);
    expect((await ops.fork("ses_1", "msg_3")).id).toBe("ses_fork");
    await ops.revert("ses_1", "msg_1");
    await ops.unrevert("ses_1");
    await ops.summarize("ses_1", { providerID: "mock", modelID: "mock-1" });
    expect(await ops.diff("ses_1", { messageID: "msg_1" })).toEqual([{ file: "a.txt", patch: "@@", additions: 1, deletions: 0, status: "added" }]);
    await ops.remove("ses_1");
    expect(calls.map(line)).toEqual([
      ["PATCH /api/session/ses_1", { title: "New name" }],
      ["PATCH /api/session/ses_1", { archived: true }],
      ["PATCH /api/session/ses_1", { archived: false }],
      ["POST /api/session/ses_1/fork", { before: "msg_3" }],
      ["POST /api/session/ses_1/revert/stage", { messageID: "msg_1" }],
      ["DELETE /api/session/ses_1/revert", undefined],
      ["POST /api/session/ses_1/compact", {}],
      ["GET /api/session/ses_1/diff?from=msg_1", undefined],
      ["DELETE /api/session/ses_1", undefined],
    ]);
  });

  it("refuses an empty title without a request", async () => {
    const { fetchImpl, calls } = fakeFetch(() => none());
    await expect(makeV2SessionOps(target, { fetchImpl }).rename("ses_1", "  ")).rejects.toThrow("cannot be empty");
    expect(calls).toHaveLength(0);
  });

  it("reads the whole history page by page for export", async () => {
    const page = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `msg_${from + i}`, type: "user", text: "x", time: { created: from + i } }));
    const { fetchImpl, calls } = fakeFetch((call) =>
      json(call.url.includes("cursor=") ? { data: page(3, 0), cursor: { next: null } } : { data: page(200, 3), cursor: { next: "c1" } }),
    );
    await makeV2SessionOps(target, { fetchImpl }).allMessages("ses_1");
    expect(calls.map((c) => c.url.replace(target.url, ""))).toEqual([
      "/api/session/ses_1/message?limit=200",
      "/api/session/ses_1/message?limit=200&cursor=c1",
    ]);
  });
});
