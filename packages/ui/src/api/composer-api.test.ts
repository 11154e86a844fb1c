import { describe, expect, it, vi } from "vitest";
import type { Provider } from "@opencode-ai/sdk/v2";
import { makeComposerApi, modelChoices, parseModel } from "./composer-api";
import { fakeFetch } from "./fake-fetch";
import { ApiError } from "./api-error";

const TARGET = { url: "http://127.0.0.1:4096", port: 4096, protocol: "global" as const, eventsUrl: null, directory: "/src/alpha" };
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const provider = (id: string, models: string[]): Provider =>
  ({
    id,
    name: id.toUpperCase(),
    source: "config",
    env: [],
    options: {},
    models: Object.fromEntries(models.map((m) => [m, { id: m, name: `${m} name` }])),
  }) as unknown as Provider;

describe("composer api", () => {
  it("lists primary, visible agents only, for the session's directory", async () => {
    const { fetchImpl, calls } = fakeFetch(() =>
      json([
        { name: "build", mode: "primary", description: "Default" },
        { name: "explore", mode: "subagent" },
        { name: "title", mode: "primary", hidden: true },
        { name: "mine", mode: "all" },
      ]),
    );
    const api = makeComposerApi(TARGET, "/src/alpha", { fetchImpl });
    expect(await api.agents()).toEqual([
      { name: "build", description: "Default" },
      { name: "mine", description: "" },
    ]);
    expect(calls[0]?.url).toBe("http://127.0.0.1:4096/agent?directory=%2Fsrc%2Falpha");
  });

  it("takes the config's model as the default when it is listed", async () => {
    const { fetchImpl } = fakeFetch((c) =>
      c.url.includes("config/providers")
        ? json({ providers: [provider("zen", ["free"]), provider("mock", ["mock-1", "mock-2"])], default: { zen: "free", mock: "mock-2" } })
        : json({ model: "mock/mock-1" }),
    );
    const choices = await makeComposerApi(TARGET, null, { fetchImpl }).models();
    expect(choices.default).toEqual({ providerID: "mock", modelID: "mock-1" });
    expect(choices.models.map((m) => `${m.providerID}/${m.modelID}`)).toEqual(["zen/free", "mock/mock-1", "mock/mock-2"]);
    expect(choices.models[1]).toMatchObject({ name: "mock-1 name", providerName: "MOCK" });
  });

  it("falls back to the first provider's default without a usable config model", () => {
    const providers = [provider("mock", ["a", "b"])];
    expect(modelChoices(providers, { mock: "b" }, "gone/x").default).toEqual({ providerID: "mock", modelID: "b" });
    expect(modelChoices(providers, {}, undefined).default).toBeNull();
    expect(parseModel("openrouter/meta/llama")).toEqual({ providerID: "openrouter", modelID: "meta/llama" });
    expect(parseModel("nope")).toBeNull();
  });

  it("runs a command with its arguments and the model as provider/model, never as prompt text", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json({ info: {}, parts: [] }));
    await makeComposerApi(TARGET, "/src/alpha", { fetchImpl }).runCommand("ses_1", {
      command: "review",
      arguments: "main",
      agent: "plan",
      model: { providerID: "mock", modelID: "mock-2" },
    });
    expect(calls[0]).toMatchObject({
      method: "POST",
      url: "http://127.0.0.1:4096/session/ses_1/command?directory=%2Fsrc%2Falpha",
      body: { command: "review", arguments: "main", agent: "plan", model: "mock/mock-2" },
    });
  });

  it("counts a long-running shell call as accepted, and an early refusal as a failure in words", async () => {
    vi.useFakeTimers();
    try {
      const never = fakeFetch(() => new Promise<Response>(() => {}));
      const started = makeComposerApi(TARGET, null, { fetchImpl: never.fetchImpl, acceptMs: 50 }).runShell("ses_1", {
        command: "ls",
        agent: "build",
      });
      await vi.advanceTimersByTimeAsync(60);
      await expect(started).resolves.toBeUndefined();
      expect(never.calls[0]).toMatchObject({ url: "http://127.0.0.1:4096/session/ses_1/shell", body: { command: "ls", agent: "build" } });
    } finally {
      vi.useRealTimers();
    }
    vi.spyOn(console, "error").mockImplementation(() => {});
    const busy = fakeFetch(() => json({ name: "SessionBusyError", data: { message: "Session ses_1 is busy" } }, 409));
    const failed = makeComposerApi(TARGET, null, { fetchImpl: busy.fetchImpl }).runShell("ses_1", { command: "ls", agent: "build" });
    await expect(failed).rejects.toThrow("OpenCode at :4096 refused the shell command (409): Session ses_1 is busy");
    await expect(failed).rejects.toBeInstanceOf(ApiError);
  });

  it("cancels a stale file search through its signal", async () => {
    const { fetchImpl } = fakeFetch(() => new Promise<Response>(() => {}));
    fetchImpl.mockImplementation(
      (_url: string, init?: RequestInit) =>
        new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")))),
    );
    const controller = new AbortController();
    const search = makeComposerApi(TARGET, null, { fetchImpl }).findFiles("rea", controller.signal);
    controller.abort();
    await expect(search).rejects.toMatchObject({ name: "AbortError" });
    expect(fetchImpl.mock.calls[0]?.[0]).toBe("http://127.0.0.1:4096/find/file?query=rea&limit=20");
  });
});
