import { describe, expect, it, vi } from "vitest";
import type { Message, Part, Session } from "../store/types";
import { ApiError } from "./api-error";
import { fakeFetch } from "./fake-fetch";
import { isFileDiff, makeSessionOps } from "./session-ops";

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
const session = { id: "ses_1", title: "T", directory: "/p", time: { created: 0, updated: 0 } } as Session;
const target = {
  url: "http://127.0.0.1:4096",
  port: 4096,
  protocol: "global" as const,
  eventsUrl: "http://127.0.0.1:4096/global/event?auth_token=dTpw",
};

describe("makeSessionOps", () => {
  it("sends each action to the route and body OpenCode 1.18 documents, with the session's directory and auth", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(session));
    const ops = makeSessionOps(target, { fetchImpl });
    vi.spyOn(Date, "now").mockReturnValue(1234);
    await ops.rename("ses_1", "  New name ", "/p");
    await ops.setArchived("ses_1", true, "/p");
    await ops.setArchived("ses_1", false);
    await ops.remove("ses_1", "/p");
    await ops.fork("ses_1", "msg_5", "/p");
    await ops.fork("ses_1");
    await ops.revert("ses_1", "msg_5", "/p");
    await ops.revert("ses_1", "msg_5", null, "prt_2");
    await ops.unrevert("ses_1");
    await ops.summarize("ses_1", { providerID: "mock", modelID: "m1" }, "/p");
    vi.restoreAllMocks();
    expect(calls.map((c) => [c.method, c.url.replace("http://127.0.0.1:4096/", ""), c.body])).toEqual([
      ["PATCH", "session/ses_1?directory=%2Fp", { title: "New name" }],
      ["PATCH", "session/ses_1?directory=%2Fp", { time: { archived: 1234 } }],
      ["PATCH", "session/ses_1", { time: { archived: 0 } }],
      ["DELETE", "session/ses_1?directory=%2Fp", undefined],
      ["POST", "session/ses_1/fork?directory=%2Fp", { messageID: "msg_5" }],
      ["POST", "session/ses_1/fork", {}],
      ["POST", "session/ses_1/revert?directory=%2Fp", { messageID: "msg_5" }],
      ["POST", "session/ses_1/revert", { messageID: "msg_5", partID: "prt_2" }],
      ["POST", "session/ses_1/unrevert", undefined],
      ["POST", "session/ses_1/summarize?directory=%2Fp", { providerID: "mock", modelID: "m1" }],
    ]);
    expect(calls.every((c) => c.headers.authorization === "Basic dTpw")).toBe(true);
  });

  it("refuses an empty title and a missing model in words, without a request", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(session));
    const ops = makeSessionOps(target, { fetchImpl });
    await expect(ops.rename("ses_1", "   ")).rejects.toThrow("cannot be empty");
    await expect(ops.summarize("ses_1", { providerID: "", modelID: "" })).rejects.toThrow("needs a model");
    expect(calls).toHaveLength(0);
  });

  it("reads per-turn diffs and drops entries of an unknown shape", async () => {
    const good = { file: "src/a.ts", patch: "@@", additions: 3, deletions: 1, status: "modified" };
    const { fetchImpl, calls } = fakeFetch(() => json([good, { path: "x" }, null]));
    const ops = makeSessionOps(target, { fetchImpl });
    expect(await ops.diff("ses_1", { messageID: "msg_1", directory: "/p" })).toEqual([good]);
    expect(calls[0]?.url).toBe("http://127.0.0.1:4096/session/ses_1/diff?messageID=msg_1&directory=%2Fp");
    expect(isFileDiff({ file: "a", additions: 1 })).toBe(false);
  });

  it("says in words when the server refuses, e.g. a busy session", async () => {
    const { fetchImpl } = fakeFetch(() => json({ name: "SessionBusyError", data: { message: "Session ses_1 is busy" } }, 409));
    const ops = makeSessionOps(target, { fetchImpl });
    const err = await ops.unrevert("ses_1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe("OpenCode at :4096 refused to redo the turn (409): Session ses_1 is busy");
  });

  it("exports the whole history (no limit) as markdown with a safe file name", async () => {
    const user = {
      id: "msg_1",
      sessionID: "ses_1",
      role: "user",
      time: { created: 1 },
      agent: "build",
      model: { providerID: "p", modelID: "m" },
    } as Message;
    const text = { id: "prt_1", sessionID: "ses_1", messageID: "msg_1", type: "text", text: "hello there" } as Part;
    const { fetchImpl, calls } = fakeFetch(() => json([{ info: user, parts: [text] }]));
    const ops = makeSessionOps(target, { fetchImpl });
    const out = await ops.exportMarkdown({ ...session, title: "Fix the build / now!" }, "/p");
    expect(calls[0]?.url).toBe("http://127.0.0.1:4096/session/ses_1/message?directory=%2Fp");
    expect(out.filename).toBe("fix-the-build-now-ses_1.md");
    expect(out.markdown).toContain("# Fix the build / now!");
    expect(out.markdown).toContain("## User\n\nhello there");
  });
});
