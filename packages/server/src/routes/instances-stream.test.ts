import type { FastifyInstance } from "fastify";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import type { InstancesDocument } from "../discovery/types.js";
import { createFakeRegistry, sampleDocument, sampleInstance, type FakeRegistry } from "../test-support/fake-registry.js";
import { buildTestApp, makeUiDir } from "../test-support/test-app.js";

/** Reads an SSE body chunk by chunk, keeping all text so tests can wait for frames. */
class StreamReader {
  text = "";
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }
  /** Reads until `done(text)` holds (the test timeout bounds the wait). */
  async until(done: (text: string) => boolean): Promise<string> {
    while (!done(this.text)) {
      const { value, done: ended } = await this.reader.read();
      if (ended) throw new Error(`stream ended before the condition held; got:\n${this.text}`);
      this.text += this.decoder.decode(value, { stream: true });
    }
    return this.text;
  }
  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

function dataFrames(text: string): InstancesDocument[] {
  return text
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => JSON.parse(f.slice("data: ".length)) as InstancesDocument);
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe("GET /api/instances/stream", () => {
  let ui: ReturnType<typeof makeUiDir>;
  let app: FastifyInstance | undefined;
  let registry: FakeRegistry;
  let base: string;

  beforeAll(() => {
    ui = makeUiDir();
  });
  afterAll(() => ui.cleanup());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(heartbeatMs: number): Promise<void> {
    registry = createFakeRegistry();
    ({ app } = await buildTestApp({ uiDir: ui.dir, registry, sseHeartbeatMs: heartbeatMs }));
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  }

  it("sends the document at once, then every change", async () => {
    await start(60_000);
    const res = await fetch(`${base}/api/instances/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const stream = new StreamReader(res.body as ReadableStream<Uint8Array>);

    await stream.until((t) => dataFrames(t).length === 1);
    expect(stream.text.startsWith("retry: 1000\n\n")).toBe(true);
    expect(dataFrames(stream.text)[0]).toStrictEqual(sampleDocument());

    const next = { ...sampleDocument(), instances: [sampleInstance({ id: "inst-5123", port: 5123, kind: "tui" })] };
    registry.set(next);
    await stream.until((t) => dataFrames(t).length === 2);
    expect(dataFrames(stream.text)[1]).toStrictEqual(next);
    await stream.cancel();
  });

  it("sends heartbeat comments", async () => {
    await start(20);
    const res = await fetch(`${base}/api/instances/stream`);
    const stream = new StreamReader(res.body as ReadableStream<Uint8Array>);
    await stream.until((t) => t.split(": heartbeat\n\n").length > 2);
    await stream.cancel();
  });

  it("unsubscribes and stops its timer when the client leaves", async () => {
    await start(20);
    const baseline = registry.listenerCount();
    const controller = new AbortController();
    const res = await fetch(`${base}/api/instances/stream`, { signal: controller.signal });
    const stream = new StreamReader(res.body as ReadableStream<Uint8Array>);
    await stream.until((t) => dataFrames(t).length === 1);
    expect(registry.listenerCount()).toBe(baseline + 1);
    controller.abort();
    await waitFor(() => registry.listenerCount() === baseline);
    expect(registry.listenerCount()).toBe(baseline);
  });

  it("ends open streams when the app closes", async () => {
    await start(60_000);
    const res = await fetch(`${base}/api/instances/stream`);
    const stream = new StreamReader(res.body as ReadableStream<Uint8Array>);
    await stream.until((t) => dataFrames(t).length === 1);
    const closing = app?.close();
    await expect(stream.until(() => false)).rejects.toThrow(/stream ended/);
    await closing;
    app = undefined;
    expect(registry.listenerCount()).toBe(0);
  });
});
