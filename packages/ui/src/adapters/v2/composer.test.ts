import { describe, expect, it } from "vitest";
import { fakeFetch, type FetchCall } from "../../api/fake-fetch";
import type { AdapterTarget } from "../types";
import { makeV2ComposerApi } from "./composer";

const json = (value: unknown) => new Response(JSON.stringify(value), { status: 200, headers: { "content-type": "application/json" } });
const target: AdapterTarget = {
  url: "http://127.0.0.1:47300",
  port: 47300,
  protocol: "v2",
  eventsUrl: "http://127.0.0.1:47300/api/event",
  kind: "service",
  directory: "/home/ann",
};
const at = (data: unknown) => json({ location: { directory: "/w/p" }, data });
const line = (c: FetchCall) => [`${c.method} ${c.url.replace(target.url, "")}`, c.headers["x-opencode-directory"], c.body];

describe("v2 composer api", () => {
  it("lists commands, primary agents, enabled models with the default, and found files, all for the session's folder", async () => {
    const { fetchImpl, calls } = fakeFetch((call) => {
      const path = new URL(call.url).pathname;
      if (path === "/api/command") return at([{ name: "init", description: "guided AGENTS.md setup" }, { description: "nameless" }]);
      if (path === "/api/agent")
        return at([
          { id: "build", name: "Build", description: "The default agent.", mode: "primary", hidden: false },
          { id: "general", name: "General", mode: "subagent", hidden: false },
          { id: "title", name: "Title", mode: "primary", hidden: true },
        ]);
      if (path === "/api/model")
        return at([
          { id: "mock-1", modelID: "mock-1", providerID: "mock", name: "Mock 1", enabled: true },
          { id: "off", modelID: "off", providerID: "mock", name: "Off", enabled: false },
        ]);
      if (path === "/api/model/default") return at({ id: "mock-1", modelID: "mock-1", providerID: "mock", name: "Mock 1" });
      return at([
        { path: "README.md", type: "file" },
        { path: "src/readme-notes.txt", type: "file" },
      ]);
    });
    const api = makeV2ComposerApi(target, "/w/p", { fetchImpl });
    expect(await api.commands()).toEqual([{ name: "init", description: "guided AGENTS.md setup", source: "command" }]);
    expect(await api.agents()).toEqual([{ name: "build", description: "The default agent." }]);
    expect(await api.models()).toEqual({
      models: [{ providerID: "mock", modelID: "mock-1", name: "Mock 1", providerName: "mock" }],
      default: { providerID: "mock", modelID: "mock-1" },
    });
    expect(await api.findFiles("read")).toEqual(["README.md", "src/readme-notes.txt"]);
    expect(api.directory()).toBe("/w/p");
    expect(calls.map(line)).toEqual([
      ["GET /api/command", "/w/p", undefined],
      ["GET /api/agent", "/w/p", undefined],
      ["GET /api/model", "/w/p", undefined],
      ["GET /api/model/default", "/w/p", undefined],
      ["GET /api/fs/find?query=read&type=file&limit=20", "/w/p", undefined],
    ]);
  });

  it("runs /commands and !shell on the session routes, switching the agent/model first only where they differ", async () => {
    const { fetchImpl, calls } = fakeFetch((call) =>
      call.method === "GET"
        ? json({ data: { id: "ses_1", agent: "build", model: { id: "mock-1", providerID: "mock" } } })
        : new Response(null, { status: 204 }),
    );
    const api = makeV2ComposerApi(target, null, { fetchImpl });
    await api.runCommand("ses_1", {
      command: "review",
      arguments: "branch",
      parts: [{ type: "file", mime: "text/plain", url: "file:///w/p/a.txt", filename: "a.txt" }],
    });
    await api.runShell("ses_1", { command: "echo hi", agent: "build" });
    await api.runCommand("ses_1", { command: "review", arguments: "", agent: "plan", model: { providerID: "mock", modelID: "mock-1" } });
    await api.runShell("ses_1", { command: "ls", agent: "build", model: { providerID: "mock", modelID: "mock-2" } });
    expect(calls.map(line)).toEqual([
      ["POST /api/session/ses_1/command", undefined, { name: "review", text: "branch", files: [{ uri: "file:///w/p/a.txt", name: "a.txt" }] }],
      // The session already runs "build": nothing to switch.
      ["GET /api/session/ses_1", undefined, undefined],
      ["POST /api/session/ses_1/shell", undefined, { command: "echo hi" }],
      ["GET /api/session/ses_1", undefined, undefined],
      ["POST /api/session/ses_1/agent", undefined, { agent: "plan" }],
      ["POST /api/session/ses_1/command", undefined, { name: "review", text: "" }],
      ["GET /api/session/ses_1", undefined, undefined],
      ["POST /api/session/ses_1/model", undefined, { model: { id: "mock-2", providerID: "mock" } }],
      ["POST /api/session/ses_1/shell", undefined, { command: "ls" }],
    ]);
    expect(api.directory()).toBe("/home/ann");
  });
});
