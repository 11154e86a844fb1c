/**
 * The fleet's OpenCode 2 kinds (serve, service, default TUI, standalone TUI) against the real
 * @opencode/cli 2.1.2 binary and the mock model: one fleet for the file (2-core machine).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultReplyText } from "../mock-llm/index.js";
import {
  api,
  createSession,
  isSettled,
  lastAssistantText,
  listMessages,
  pendingPermissions,
  promptAsync,
  waitFor,
  type V2Session,
} from "./client.js";
import { DEFAULT_SERVICE_PORT, opencode2Version, startFleet, tuiAvailable, type Fleet, type FleetServer, type V2FleetServer } from "./index.js";
import { isAlive } from "./process-exit.js";
import { cmdlineOf, environOf, listeningPorts } from "./procfs.js";

/** A first turn boots the location (snapshot repo, plugins): tens of seconds when the machine is loaded. */
const TURN_MS = 60_000;
/** Per-test budget for tests that wait for turns. */
const TURN_TEST = { timeout: 150_000 };

let fleet: Fleet;
let serve: V2FleetServer;
/** Every pid the fleet's 2.x servers ran (TUIs and their servers too), for the after-stop check. */
const pids = new Set<number>();

function remember(server: FleetServer): void {
  pids.add(server.pid);
  if (server.serverPid !== undefined) pids.add(server.serverPid);
}

beforeAll(async () => {
  // One 1.x server first, as a user who had 1.x before installing 2.x: 2.x then migrates its database.
  fleet = await startFleet({ count: 1, wordDelayMs: 2 });
  serve = await fleet.startServer({ generation: 2 });
  remember(serve);
});
afterAll(async () => {
  await fleet?.stop();
});

/** `GET /api/info` with the given headers: status and body. */
async function info(server: FleetServer, headers = server.headers): Promise<{ status: number; body: { version?: string; pid?: number } }> {
  const res = await fetch(`${server.url}/api/info`, { headers });
  return { status: res.status, body: (await res.json()) as { version?: string; pid?: number } };
}

/** A process of the fleet runs in the fleet's HOME and never on OpenCode 2's machine-wide service port. */
function expectIsolated(pid: number): void {
  expect(environOf(pid).HOME).toBe(fleet.home);
  expect(listeningPorts(pid)).not.toContain(DEFAULT_SERVICE_PORT);
}

/** `[[bash:echo hi]]` on 2.x: the mock calls `shell`, the fleet config's `bash: ask` makes it ask, then it runs. */
async function shellTurn(server: V2FleetServer): Promise<V2Session> {
  const session = await createSession(server);
  expect(session.location.directory).toBe(server.directory);
  await promptAsync(server, session.id, "please [[bash:echo hi]]");
  const permission = await waitFor(
    "a pending shell permission",
    async () => (await pendingPermissions(server)).find((p) => p.sessionID === session.id),
    TURN_MS,
  );
  expect(permission).toMatchObject({ action: "shell", resources: ["echo hi"] });
  await api(server, `/api/session/${session.id}/permission/${permission.id}/reply`, { body: { decision: "once" } });
  await waitFor("the shell turn to settle", () => isSettled(server, session.id), TURN_MS);
  const messages = await listMessages(server, session.id);
  const tool = messages.flatMap((m) => m.content ?? []).find((c) => c.type === "tool");
  expect(tool).toMatchObject({ name: "shell", state: { status: "completed", input: { command: "echo hi" } } });
  expect(tool?.type === "tool" ? tool.state.content?.map((c) => c.text).join("") : "").toBe("hi\n");
  expect(lastAssistantText(messages)).toBe("Tool finished: hi");
  return session;
}

describe("OpenCode 2 serve", () => {
  it("answers /api/info with the fleet's credentials only, in the fleet HOME, using the mock model", TURN_TEST, async () => {
    expect(serve).toMatchObject({ generation: 2, kind: "serve", version: opencode2Version() });
    expect(await info(serve)).toMatchObject({ status: 200, body: { version: "2.1.2", pid: serve.pid } });
    expect((await info(serve, {})).status).toBe(401);
    // The fleet sets the password variable, as a user who picks one does.
    expect(environOf(serve.pid).OPENCODE_SERVER_PASSWORD).toBe(serve.password);
    expectIsolated(serve.pid);
    // A location's first calls may answer 503 "Location plugins did not finish activating" (measured).
    const headers = { "x-opencode-directory": serve.directory };
    const model = await waitFor(
      "the default model",
      () => api<{ data: { id: string; providerID: string } }>(serve, "/api/model/default", { headers }),
      TURN_MS,
    );
    expect(`${model.data.providerID}/${model.data.id}`).toBe("mock/mock-1");
  });

  it("shares the fleet's data folder with the 1.x server, whose database it migrated", async () => {
    const [v1] = fleet.servers;
    expect(v1).toMatchObject({ generation: 1, kind: "serve" });
    const before = await createSession(v1 as FleetServer, { title: "made in v1 first" });
    expect(before.id).toMatch(/^ses_/);
    expect(await api<{ status: string }>(serve, "/api/experimental/migration/v1")).toMatchObject({ status: "completed" });
  });

  it("runs a real shell turn from the [[bash:…]] cue", TURN_TEST, async () => {
    await shellTurn(serve);
  });

  it("stores the mock's default reply and runs [[task:…]] as a subagent child session", TURN_TEST, async () => {
    const plain = await createSession(serve);
    await promptAsync(serve, plain.id, "hello v2 fleet");
    await waitFor("the reply", () => isSettled(serve, plain.id), TURN_MS);
    expect(lastAssistantText(await listMessages(serve, plain.id))).toBe(defaultReplyText("hello v2 fleet"));

    const parent = await createSession(serve);
    await promptAsync(serve, parent.id, "[[task:look around]]");
    await waitFor("the subagent turn", () => isSettled(serve, parent.id), TURN_MS);
    const children = await api<{ data: V2Session[] }>(serve, `/api/session?parentID=${parent.id}`);
    const child = children.data[0];
    expect(child).toMatchObject({ parentID: parent.id, agent: "general" });
    expect(lastAssistantText(await listMessages(serve, child?.id ?? ""))).toBe(defaultReplyText("Mock subtask: look around"));
  });

  it("without a password variable reads the password OpenCode made up from stdout, and keeps it out of the log", async () => {
    const hidden = await fleet.startServer({ generation: 2, passwordVar: false });
    remember(hidden);
    expect(hidden.password).toMatch(/^[\w-]{20,}$/);
    expect(environOf(hidden.pid).OPENCODE_SERVER_PASSWORD).toBeUndefined();
    expect((await info(hidden)).status).toBe(200);
    expect(hidden.logs()).toContain("server password <hidden>");
    expect(hidden.logs()).not.toContain(hidden.password);
    expect(readFileSync(join(fleet.root, "logs", `${hidden.name}.log`), "utf8")).not.toContain(hidden.password);
    await hidden.kill();
    expect(isAlive(hidden.pid)).toBe(false);
  });
});

describe("OpenCode 2 background service", () => {
  let service: V2FleetServer;
  beforeAll(async () => {
    service = await fleet.startServer({ generation: 2, kind: "service", password: "service-pass-1" });
    remember(service);
  });

  it("runs detached on the fleet's own service port with the password of its config", async () => {
    expect(service.password).toBe("service-pass-1");
    const port = await fleet.servicePort();
    expect(port).not.toBe(DEFAULT_SERVICE_PORT);
    expect(service.port).toBe(port);
    const state = JSON.parse(readFileSync(join(fleet.home, ".local/state/opencode/service.json"), "utf8")) as { pid: number; url: string };
    expect(state).toMatchObject({ pid: service.pid, url: service.url });
    const config = JSON.parse(readFileSync(join(fleet.home, ".config/opencode/service.json"), "utf8")) as { port: number; password: string };
    expect(config).toEqual({ port, password: service.password });
    expect(cmdlineOf(service.pid).slice(1)).toEqual(["serve", "--service"]);
    expect(await info(service)).toMatchObject({ status: 200, body: { pid: service.pid } });
    expect((await info(service, {})).status).toBe(401);
    expectIsolated(service.pid);
  });

  it("runs a real shell turn in a repo (sessions say where they live)", TURN_TEST, async () => {
    await shellTurn(service);
  });

  describe.runIf(tuiAvailable())("with TUIs (tmux)", () => {
    it("attaches the default TUI to the running service", async () => {
      const tui = await fleet.startServer({ generation: 2, kind: "tui" });
      remember(tui);
      expect(tui).toMatchObject({ kind: "tui", serverPid: service.pid, port: service.port, password: service.password });
      expect(cmdlineOf(tui.pid).slice(1)).toEqual([]);
      expect(listeningPorts(tui.pid)).toEqual([]);
      expect(fleet.capture(tui)).toContain("2.1.2");
      expectIsolated(tui.pid);
      await tui.kill();
      // Quitting the TUI leaves the service running, as for a user.
      expect(isAlive(service.pid)).toBe(true);
    });

    it("runs a standalone TUI whose private `serve --stdio` child is the server", async () => {
      const standalone = await fleet.startServer({ generation: 2, kind: "standalone" });
      remember(standalone);
      const child = standalone.serverPid ?? 0;
      expect(cmdlineOf(child)).toEqual(expect.arrayContaining(["serve", "--stdio", "--port", "0"]));
      expect(listeningPorts(child)).toEqual([standalone.port]);
      expect(await info(standalone)).toMatchObject({ status: 200, body: { pid: child } });
      expect((await info(standalone, {})).status).toBe(401);
      expect(fleet.capture(standalone)).toContain("2.1.2");
      expectIsolated(child);
    });

    it("starts the service from a TUI when none runs, and stop() ends it", async () => {
      await service.kill();
      const tui = await fleet.startServer({ generation: 2, kind: "tui" });
      remember(tui);
      expect(tui.serverPid).not.toBe(service.pid);
      expect(tui.port).toBe(await fleet.servicePort());
      expect((await info(tui)).status).toBe(200);
    });
  });
});

describe("fleet.stop()", () => {
  it("ends every OpenCode 2 process it started, TUIs' servers included", async () => {
    expect(pids.size).toBeGreaterThanOrEqual(3);
    await fleet.stop();
    expect([...pids].filter(isAlive)).toEqual([]);
  });
});
