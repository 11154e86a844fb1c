import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { buildApp, type BuildAppOptions } from "../app.js";
import { createFakeRegistry, type FakeRegistry } from "./fake-registry.js";

/** A tiny built UI: index.html plus one hashed asset. */
export const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root">Switchboard test UI</div></body></html>';

/** Writes a fake UI build into a fresh temp folder; call cleanup when done. */
export function makeUiDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-ui-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), INDEX_HTML);
  writeFileSync(join(dir, "assets", "app-abc123.js"), "console.log('hi');\n");
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds the hub app over a fake registry. */
export async function buildTestApp(opts: {
  uiDir: string;
  host?: string;
  registry?: FakeRegistry;
  logger?: FastifyBaseLogger;
  sseHeartbeatMs?: number;
  remote?: BuildAppOptions["remote"];
}): Promise<{ app: FastifyInstance; registry: FakeRegistry }> {
  const registry = opts.registry ?? createFakeRegistry();
  const app = await buildApp({
    registry,
    uiDir: opts.uiDir,
    host: opts.host ?? "127.0.0.1",
    version: "9.9.9-test",
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.sseHeartbeatMs !== undefined ? { sseHeartbeatMs: opts.sseHeartbeatMs } : {}),
    ...(opts.remote ? { remote: opts.remote } : {}),
  });
  return { app, registry };
}
