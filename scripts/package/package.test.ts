// The publishable package on a "clean machine": packed from the built hub and UI, installed with
// npm into a temporary prefix outside the repo (dependencies from the npm registry), then started
// from its `switchboard` bin with nothing of the repo on its module path.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type Hub } from "../../e2e/support/hub.js";
import { assemblePackage, packPackage, REPO_ROOT } from "./assemble.js";
import type { PublishManifest } from "./manifest.js";

let work: string;
let tarball: string;
let prefix: string;
let manifest: PublishManifest;

/**
 * The user's environment as a fresh shell has it (HOME with its npm config and CA certificates,
 * PATH), without what ties it to this repo: NODE_PATH, SWITCHBOARD_* overrides, and the npm_*
 * variables `npm test` sets (they name the repo as the local prefix).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === "NODE_PATH" || key.startsWith("SWITCHBOARD_") || key.toLowerCase().startsWith("npm_")) continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

function npm(args: string[], cwd: string): string {
  const result = spawnSync("npm", args, { cwd, env: cleanEnv(), encoding: "utf8", timeout: 110_000 });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** GET / and one asset it links, and GET /api/instances, from a running hub. */
async function expectPageAndApi(hub: Hub): Promise<void> {
  const page = await fetch(`${hub.url}/`, { headers: { accept: "text/html" } });
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  const html = await page.text();
  expect(html).toContain('<div id="root">');
  const script = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script, html).toBeDefined();
  const asset = await fetch(`${hub.url}${script}`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get("content-type")).toMatch(/javascript/);

  const api = await fetch(`${hub.url}/api/instances`);
  expect(api.status).toBe(200);
  const doc = (await api.json()) as { instances: unknown[]; unreachable: unknown[]; scan: { method: string } };
  expect(Array.isArray(doc.instances)).toBe(true);
  expect(Array.isArray(doc.unreachable)).toBe(true);
  expect(doc.scan.method).toMatch(/procfs|lsof|none/);

  const health = (await (await fetch(`${hub.url}/api/health`)).json()) as { ok: boolean; version: string };
  expect(health).toEqual({ ok: true, version: manifest.version });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "switchboard-package-"));
  manifest = assemblePackage(join(work, "package"));
  tarball = packPackage(join(work, "package"), work);
  prefix = join(work, "prefix");
  npm(["install", "--global", "--prefix", prefix, tarball], work);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the switchboard npm package", () => {
  it("is named switchboard-<version>.tgz and holds the built hub and UI, no sources, tests or dev tooling", () => {
    expect(tarball.endsWith(`switchboard-${manifest.version}.tgz`)).toBe(true);
    const listing = JSON.parse(npm(["pack", "--dry-run", "--json"], join(work, "package"))) as Array<{ files: Array<{ path: string }> }>;
    const files = listing[0]?.files.map((f) => f.path) ?? [];
    expect(files).toContain("bin/switchboard.js");
    expect(files).toContain("dist/cli.js");
    expect(files).toContain("ui/index.html");
    expect(files.filter((f) => /\.tsx?$|\.test\.|\.map$|test-support|pnpm/.test(f))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(prefix, "lib/node_modules/switchboard/package.json"), "utf8")) as Record<string, unknown>;
    expect(installed.devDependencies).toBeUndefined();
    expect(installed.scripts).toBeUndefined();
    const serverDeps = (JSON.parse(readFileSync(join(REPO_ROOT, "packages/server/package.json"), "utf8")) as { dependencies: object }).dependencies;
    expect(Object.keys(installed.dependencies as object).sort()).toEqual(Object.keys(serverDeps).sort());
  });

  it("starts from the installed bin with npm start's flags; the page and the API answer", async () => {
    const hub = await startHub({ command: [join(prefix, "bin/switchboard")], env: cleanEnv(), cwd: work, timeoutMs: 30_000 });
    try {
      expect(hub.output()).toMatch(/Switchboard is running at http:\/\/127\.0\.0\.1:\d+/);
      await expectPageAndApi(hub);
    } finally {
      await hub.stop();
    }
  });

  it("runs with npx straight from the tarball (npx ./switchboard-<version>.tgz)", async () => {
    // npx takes ./name.tgz as a package; an absolute path would be run as a command.
    const spec = `./${basename(tarball)}`;
    const version = spawnSync("npx", ["--yes", spec, "--version"], { cwd: work, env: cleanEnv(), encoding: "utf8", timeout: 110_000 });
    expect(version.stdout.trim(), version.stderr).toBe(manifest.version);
    const hub = await startHub({ command: ["npx", "--yes", spec], env: cleanEnv(), cwd: work, group: true, timeoutMs: 60_000 });
    try {
      await expectPageAndApi(hub);
    } finally {
      await hub.stop();
    }
  });
});
