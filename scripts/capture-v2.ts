/**
 * `npx tsx scripts/capture-v2.ts [outDir]`: captures real OpenCode 2 (@opencode/cli 2.1.2) turns against the
 * mock model, for the UI's v2 adapter replay tests. For each scenario it writes
 *  - `opencode-2.1.2-<name>.sse`: the raw `GET /api/event` text from before the session exists to after it settles;
 *  - `opencode-2.1.2-<name>.messages.json`: `{ <sessionID>: GET /api/session/{id}/message answer }` for the
 *    session and its children, read after the turn ended (the REST side of the id-agreement test).
 * Everything runs in a temp HOME and a temp git repo; only processes started here are stopped.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isolatedEnv } from "./fleet/env.js";
import { freePort } from "./fleet/free-port.js";
import { createRepo, prepareHome } from "./fleet/workspace.js";
import { startMockLlm } from "./mock-llm/index.js";

const outDir = resolve(process.argv[2] ?? "packages/ui/test/recordings");
const PASSWORD = "capture-secret";
const AUTH = { authorization: `Basic ${Buffer.from(`opencode:${PASSWORD}`).toString("base64")}` };
const BIN = resolve("node_modules/@opencode/cli/bin/opencode.exe");

interface Frame {
  type: string;
  data: Record<string, unknown>;
}

/** One open `/api/event` stream: raw text kept verbatim, parsed frames for the driver's waits. */
class EventTap {
  raw = "";
  frames: Frame[] = [];
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  constructor(private readonly base: string) {}
  async open(): Promise<void> {
    const res = await fetch(`${this.base}/api/event`, { headers: AUTH, signal: this.abort.signal });
    if (!res.ok || !res.body) throw new Error(`/api/event answered ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let pending = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const text = decoder.decode(value, { stream: true });
          this.raw += text;
          pending += text;
          let at: number;
          while ((at = pending.indexOf("\n\n")) >= 0) {
            const block = pending.slice(0, at);
            pending = pending.slice(at + 2);
            for (const line of block.split("\n")) {
              if (line.startsWith("data: ")) this.frames.push(JSON.parse(line.slice(6)) as Frame);
            }
          }
          for (const wake of this.waiters.splice(0)) wake();
        }
      } catch {
        // aborted by close()
      }
    })();
    await this.until("server.connected", () => this.frames.some((f) => f.type === "server.connected"));
  }
  /** Resolves once `test` holds over the frames seen so far (re-checked on every chunk). */
  async until<T>(what: string, test: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = test();
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 500);
      });
    }
  }
  find(type: string, match: (data: Record<string, unknown>) => boolean = () => true): Frame | undefined {
    return this.frames.find((f) => f.type === type && match(f.data));
  }
  close(): void {
    this.abort.abort();
  }
}

async function api<T>(base: string, path: string, method = "GET", body?: unknown, directory?: string): Promise<T> {
  const headers: Record<string, string> = { ...AUTH, ...(body === undefined ? {} : { "content-type": "application/json" }) };
  if (directory) headers["x-opencode-directory"] = directory;
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface Ctx {
  base: string;
  repo: string;
  tap: EventTap;
}

const ASK_SHELL = [{ action: "shell", resource: "*", effect: "ask" }];

/** Ids of sessions whose execution ended (succeeded, failed or interrupted). */
function settled(tap: EventTap, sessionID: string): boolean {
  return tap.frames.some((f) => f.type.startsWith("session.execution.") && f.type !== "session.execution.started" && f.data.sessionID === sessionID);
}

async function startTurn(ctx: Ctx, title: string, text: string, permissions?: unknown[]): Promise<string> {
  const created = await api<{ data: { id: string } }>(ctx.base, "/api/session", "POST", {
    title,
    location: { directory: ctx.repo },
    ...(permissions ? { permissions } : {}),
  });
  const prompt = await api<{ data: { id: string } }>(ctx.base, `/api/session/${created.data.id}/prompt`, "POST", { text });
  // The prompt's answer names the inbox item, whose id the stored user message keeps (the UI matches its optimistic copy by it).
  await ctx.tap.until("the prompt's inbox item", () => ctx.tap.find("session.inbox.enqueued", (d) => d.inboxID === prompt.data.id));
  return created.data.id;
}

/** What a scenario may read in the middle of its turn: the REST answer and how many frames had arrived by then. */
const midTurn = new Map<string, { frames: number; answer: unknown }>();

const scenarios: Record<string, (ctx: Ctx) => Promise<string>> = {
  /** A shell call that asks permission, answered once, then a closing text step (the shared recording's turn). */
  async shell(ctx) {
    const id = await startTurn(ctx, "shell turn", "[[shell:echo hi]]", ASK_SHELL);
    const asked = await ctx.tap.until("permission.asked", () => ctx.tap.find("permission.asked", (d) => d.sessionID === id));
    await api(ctx.base, `/api/session/${id}/permission/${String(asked.data.id)}/reply`, "POST", { decision: "once" });
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
  /** A sub-agent whose child session runs a shell command that asks permission (the child's request). */
  async subagent(ctx) {
    const id = await startTurn(ctx, "subagent turn", "[[subagent:[[shell:echo child]]]]", ASK_SHELL);
    const asked = await ctx.tap.until("child permission", () => ctx.tap.find("permission.asked", (d) => d.sessionID !== id));
    await api(ctx.base, `/api/session/${String(asked.data.sessionID)}/permission/${String(asked.data.id)}/reply`, "POST", { decision: "once" });
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
  /** The question tool: a form, answered with its first option. */
  async question(ctx) {
    const id = await startTurn(ctx, "question turn", "[[question]]");
    const created = await ctx.tap.until("form.created", () => ctx.tap.find("form.created"));
    const form = created.data.form as { id: string; sessionID: string; fields: Array<{ key: string; options?: Array<{ value: string }> }> };
    const field = form.fields[0];
    await api(ctx.base, `/api/session/${form.sessionID}/form/${form.id}/reply`, "POST", {
      answer: { [field?.key ?? "q0"]: field?.options?.[0]?.value ?? "yes" },
    });
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
  /** A slow reply interrupted after its first words streamed. */
  async interrupt(ctx) {
    const id = await startTurn(ctx, "interrupted turn", "[[slow:200]] tell me a long story");
    await ctx.tap.until("a few deltas", () => ctx.tap.frames.filter((f) => f.type === "session.text.delta" && f.data.sessionID === id).length >= 3);
    await api(ctx.base, `/api/session/${id}/interrupt`, "POST");
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
  /** A model error: the step fails, then the execution. */
  async error(ctx) {
    const id = await startTurn(ctx, "failing turn", "[[error:400]] fail please");
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
  /** An untitled session (the first prompt names it), then rename, archive, unarchive, fork and delete of the fork. */
  async manage(ctx) {
    const created = await api<{ data: { id: string } }>(ctx.base, "/api/session", "POST", { location: { directory: ctx.repo } });
    const id = created.data.id;
    await api(ctx.base, `/api/session/${id}/prompt`, "POST", { text: "hello there" });
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    await ctx.tap.until("renamed", () => ctx.tap.find("session.renamed", (d) => d.sessionID === id));
    await api(ctx.base, `/api/session/${id}`, "PATCH", { title: "renamed one" });
    await api(ctx.base, `/api/session/${id}`, "PATCH", { archived: true });
    await api(ctx.base, `/api/session/${id}`, "PATCH", { archived: false });
    const fork = await api<{ data: { id: string } }>(ctx.base, `/api/session/${id}/fork`, "POST", {});
    await api(ctx.base, `/api/session/${fork.data.id}`, "DELETE");
    await ctx.tap.until("deleted", () => ctx.tap.find("session.deleted", (d) => d.sessionID === fork.data.id));
    return id;
  },
  /** A shell command run by the user (`POST …/shell`), which also starts a model turn on its output. */
  async usershell(ctx) {
    const created = await api<{ data: { id: string } }>(ctx.base, "/api/session", "POST", { title: "user shell", location: { directory: ctx.repo } });
    const id = created.data.id;
    await api(ctx.base, `/api/session/${id}/shell`, "POST", { command: "echo from-shell" });
    await ctx.tap.until("shell ended", () => ctx.tap.find("session.shell.ended", (d) => d.sessionID === id));
    return id;
  },
  /** A slow turn whose messages are also read mid-stream (the REST side of a reconnect in the middle of a reply). */
  async midturn(ctx) {
    const id = await startTurn(ctx, "mid-turn read", "[[reasoning]] [[slow:60]] tell a story");
    await ctx.tap.until("text deltas", () => ctx.tap.frames.filter((f) => f.type === "session.text.delta" && f.data.sessionID === id).length >= 3);
    const answer = await api(ctx.base, `/api/session/${id}/message?limit=100`);
    midTurn.set(id, { frames: ctx.tap.frames.length, answer });
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
  /** A shell call whose permission is rejected with a message: the call fails with those words. */
  async reject(ctx) {
    const id = await startTurn(ctx, "rejected turn", "[[shell:echo no]]", ASK_SHELL);
    const asked = await ctx.tap.until("permission.asked", () => ctx.tap.find("permission.asked", (d) => d.sessionID === id));
    await api(ctx.base, `/api/session/${id}/permission/${String(asked.data.id)}/reply`, "POST", { decision: "reject", message: "not now" });
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
  /** A second prompt queued (delivery "queue") while the first reply streams: delivered after it. */
  async queue(ctx) {
    const id = await startTurn(ctx, "queued turn", "[[slow:40]] first prompt");
    await ctx.tap.until("first deltas", () => ctx.tap.frames.some((f) => f.type === "session.text.delta" && f.data.sessionID === id));
    const second = await api<{ data: { id: string } }>(ctx.base, `/api/session/${id}/prompt`, "POST", { text: "second prompt", delivery: "queue" });
    await ctx.tap.until("second delivered and answered", () => {
      const at = ctx.tap.frames.findIndex((f) => f.type === "session.inbox.delivered" && f.data.inboxID === second.data.id);
      return at >= 0 && ctx.tap.frames.slice(at).some((f) => f.type === "session.execution.succeeded" && f.data.sessionID === id);
    });
    return id;
  },
  /** Reasoning streamed before the reply text. */
  async reasoning(ctx) {
    const id = await startTurn(ctx, "reasoning turn", "[[reasoning]] think first");
    await ctx.tap.until("settled", () => settled(ctx.tap, id));
    return id;
  },
};

async function waitListening(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let out = "";
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`opencode exited (${code}): ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`opencode did not start: ${out.slice(-2000)}`)), 60_000);
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(3);
  const root = mkdtempSync(join(tmpdir(), "capture-v2-"));
  const llm = await startMockLlm({ port: 0, wordDelayMs: 20 });
  const dirs = prepareHome(join(root, "home"), `${llm.url}`, "2.1.2");
  const env = isolatedEnv(dirs);
  const repo = join(root, "proj");
  createRepo(repo, "capture", env);
  const port = await freePort();
  const child = spawn(BIN, ["serve", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: repo,
    env: { ...env, OPENCODE_SERVER_PASSWORD: PASSWORD },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const base = await waitListening(child);
    for (const [name, run] of Object.entries(scenarios)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const tap = new EventTap(base);
      await tap.open();
      const id = await run({ base, repo, tap });
      // Children settle before the parent; the trailing frames (usage, idle) come right after settle.
      await new Promise((r) => setTimeout(r, 500));
      tap.close();
      const sessions = [id, ...tap.frames.filter((f) => f.type === "session.created" && f.data.parentID === id).map((f) => String(f.data.sessionID))];
      const answers: Record<string, unknown> = {};
      for (const sid of sessions) answers[sid] = await api(base, `/api/session/${sid}/message?limit=100`);
      const scrub = (text: string): string => text.split(root).join("/tmp/capture");
      writeFileSync(join(outDir, `opencode-2.1.2-${name}.sse`), scrub(tap.raw));
      writeFileSync(join(outDir, `opencode-2.1.2-${name}.messages.json`), scrub(JSON.stringify(answers, null, 1)) + "\n");
      const mid = midTurn.get(id);
      if (mid) writeFileSync(join(outDir, `opencode-2.1.2-${name}.mid.json`), scrub(JSON.stringify({ [id]: mid }, null, 1)) + "\n");
      console.log(`${name}: ${tap.frames.length} frames, sessions ${sessions.join(", ")}`);
    }
  } finally {
    if (child.pid !== undefined) process.kill(child.pid, "SIGTERM");
    await llm.close();
    await new Promise((r) => setTimeout(r, 500));
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
