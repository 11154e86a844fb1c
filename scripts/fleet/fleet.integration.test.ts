/**
 * The fleet against real `opencode serve` processes and the mock model: one fleet for the file
 * (2-core machine), each test drives its own session.
 */
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { Session, ToolPart } from "@opencode-ai/sdk/v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultReplyText, HTML_REPLY_TEXT, longReplyText, toolResultText } from "../mock-llm/index.js";
import { api, createSession, isSettled, lastAssistantText, listMessages, pendingPermissions, promptAsync, sessionStatus, waitFor } from "./client.js";
import { freePort, startFleet, tuiAvailable, type Fleet, type FleetServer } from "./index.js";

let fleet: Fleet;
let alpha: FleetServer;
let beta: FleetServer;

beforeAll(async () => {
  fleet = await startFleet({ count: 2, wordDelayMs: 2 });
  [alpha, beta] = fleet.servers as [FleetServer, FleetServer];
});
afterAll(async () => {
  await fleet?.stop();
});

/** Send a prompt in a new session of `server` and wait until the turn has ended. */
async function runPrompt(server: FleetServer, text: string): Promise<Session> {
  const session = await createSession(server);
  await promptAsync(server, session.id, text);
  // A server's first prompt boots its instance (snapshot repo, watcher): slow on a busy machine.
  await waitFor(`session ${session.id} to settle`, () => isSettled(server, session.id), 30_000);
  return session;
}

describe("fleet servers", () => {
  it("run the pinned version, each in its own repo, sharing one HOME", async () => {
    expect(alpha.directory).not.toBe(beta.directory);
    for (const server of [alpha, beta]) {
      const health = await api<{ healthy: boolean; version: string }>(server, "/global/health");
      expect(health).toEqual({ healthy: true, version: "1.18.33" });
      expect(server.version).toBe("1.18.33");
      const path = await api<{ directory: string; home: string }>(server, "/path");
      expect(path.directory).toBe(server.directory);
      expect(path.home).toBe(fleet.home);
      expect(readFileSync(`/proc/${server.pid}/comm`, "utf8").trim()).toMatch(/^opencode/);
    }
  });

  it("store exactly the text the mock streamed, and get a title from the mock", async () => {
    const session = await runPrompt(alpha, "hello fleet, say something");
    expect(lastAssistantText(await listMessages(alpha, session.id))).toBe(defaultReplyText("hello fleet, say something"));
    const titled = await waitFor("a mock title", async () => {
      const s = await api<Session>(alpha, `/session/${session.id}`);
      return s.title.startsWith("Mock title") ? s : undefined;
    });
    expect(titled.title).toBe("Mock title hello fleet, say something");
  });

  it("store the [[html]] reply verbatim (markup is the client's problem)", async () => {
    const session = await runPrompt(alpha, "[[html]]");
    expect(lastAssistantText(await listMessages(alpha, session.id))).toBe(HTML_REPLY_TEXT);
  });

  it("ask for bash permission, then run the tool once allowed", async () => {
    const session = await createSession(alpha);
    await promptAsync(alpha, session.id, "please [[bash:echo hi]]");
    const permission = await waitFor("a pending bash permission", async () =>
      (await pendingPermissions(alpha)).find((p) => p.sessionID === session.id),
    );
    expect(permission).toMatchObject({ permission: "bash", patterns: ["echo hi"] });
    await api(alpha, `/permission/${permission.id}/reply`, { body: { reply: "once" } });
    await waitFor("the bash turn to settle", () => isSettled(alpha, session.id));
    const messages = await listMessages(alpha, session.id);
    const tool = messages.flatMap((m) => m.parts).find((p): p is ToolPart => p.type === "tool" && p.tool === "bash");
    expect(tool?.state.status).toBe("completed");
    expect(tool?.state.status === "completed" ? tool.state.output.trim() : "").toBe("hi");
    expect(lastAssistantText(messages)).toBe("Tool finished: hi");
  });

  it("read a file of the server's directory with the read tool", async () => {
    const file = `${alpha.directory}/README.md`;
    const session = await runPrompt(alpha, `[[read:${file}]]`);
    const messages = await listMessages(alpha, session.id);
    const tool = messages.flatMap((m) => m.parts).find((p): p is ToolPart => p.type === "tool" && p.tool === "read");
    const output = tool?.state.status === "completed" ? tool.state.output : "";
    expect(output).toContain("A throwaway repo");
    expect(lastAssistantText(messages)).toBe(toolResultText(output));
  });

  it("run a task tool in a child session", async () => {
    const session = await runPrompt(alpha, "[[task:look around]]");
    const sessions = await api<Session[]>(alpha, `/session?directory=${encodeURIComponent(alpha.directory)}`);
    const child = sessions.find((s) => s.parentID === session.id);
    expect(child).toBeDefined();
    if (!child) return;
    expect(lastAssistantText(await listMessages(alpha, child.id))).toBe(defaultReplyText("Mock subtask: look around"));
    expect(lastAssistantText(await listMessages(alpha, session.id))).toMatch(/^Tool finished: /);
  });

  it("store an APIError when the model refuses ([[error]])", async () => {
    const session = await runPrompt(alpha, "[[error]]");
    const last = (await listMessages(alpha, session.id)).at(-1);
    expect(last?.info.role === "assistant" ? last.info.error?.name : undefined).toBe("APIError");
  });

  it("stop a slow reply on abort, keeping the text streamed so far", async () => {
    const session = await createSession(alpha);
    await promptAsync(alpha, session.id, "[[slow:50]] [[long:400]]");
    await waitFor("the reply to start streaming", async () => {
      const parts = (await listMessages(alpha, session.id)).flatMap((m) => (m.info.role === "assistant" ? m.parts : []));
      return parts.some((p) => p.type === "text");
    });
    expect(await api<boolean>(alpha, `/session/${session.id}/abort`, { body: {} })).toBe(true);
    await waitFor("the aborted turn to settle", async () => !(await sessionStatus(alpha))[session.id]);
    const last = (await listMessages(alpha, session.id)).at(-1);
    expect(last?.info.role === "assistant" ? last.info.error?.name : undefined).toBe("MessageAbortedError");
    const kept = lastAssistantText(await listMessages(alpha, session.id)).trim();
    const full = longReplyText("[[slow:50]] [[long:400]]", 400);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(full.length);
    expect(full.startsWith(kept)).toBe(true);
  });

  it("restart a killed server on the same port and directory", async () => {
    const before = await createSession(beta, { title: "remember me" });
    await beta.kill();
    await expect(fetch(`${beta.url}/global/health`)).rejects.toThrow();
    const again = await fleet.restart(beta);
    expect(again).toMatchObject({ port: beta.port, directory: beta.directory, kind: "serve" });
    expect(again.pid).not.toBe(beta.pid);
    expect(fleet.servers).toContain(again);
    const sessions = await api<Session[]>(again, "/session");
    expect(sessions.map((s) => s.id)).toContain(before.id);
    beta = again;
  });

  it("fail with the log tail when the port is taken", async () => {
    const port = await freePort();
    const squatter = createServer().listen(port, "127.0.0.1");
    await once(squatter, "listening");
    try {
      await expect(fleet.startServer({ port, name: "squatted" })).rejects.toThrow(/ServeError/);
    } finally {
      squatter.close();
    }
  });

  it("protect a password server: 401 without credentials, 200 with Basic auth or auth_token", async () => {
    const locked = await fleet.startServer({ password: "s3cret" });
    const bare = await fetch(`${locked.url}/global/health`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect((await fetch(`${locked.url}/global/health`, { headers: locked.headers })).status).toBe(200);
    const token = Buffer.from("opencode:s3cret").toString("base64");
    expect((await fetch(`${locked.url}/path?auth_token=${token}`)).status).toBe(200);
    await locked.kill();
  });
});

describe.runIf(tuiAvailable())("fleet TUI servers (tmux)", () => {
  let tui: FleetServer;
  beforeAll(async () => {
    tui = await fleet.startServer({ kind: "tui" });
  });

  it("answer on their port with their directory, with the opencode pid (not tmux)", async () => {
    const path = await api<{ directory: string }>(tui, "/path");
    expect(path.directory).toBe(tui.directory);
    expect(readFileSync(`/proc/${tui.pid}/cmdline`, "utf8").split("\0")).toContain("--port");
    expect(readFileSync(`/proc/${tui.pid}/comm`, "utf8").trim()).toMatch(/^opencode/);
  });

  // The TUI's first prompt boots its instance: 28 s at load average 8, 54 s at 25 (measured), so the wait is long.
  it("show a prompt sent over HTTP in the pane once the TUI selects the session", { timeout: 120_000 }, async () => {
    const session = await createSession(tui);
    await promptAsync(tui, session.id, "hello tui pane");
    await api(tui, "/tui/select-session", { body: { sessionID: session.id } });
    await waitFor("the reply in the pane", () => fleet.capture(tui).includes("Mock reply to: hello tui pane."), 100_000);
  });

  it("exit when killed", async () => {
    await tui.kill();
    await expect(fetch(`${tui.url}/global/health`)).rejects.toThrow();
  });
});
