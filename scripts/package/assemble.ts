/** Assembles the publishable `switchboard` package from the built hub and UI, and packs it. */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BIN_PATH, BIN_SOURCE, isShippedServerFile, publishManifest, type PublishManifest, type SourceManifest } from "./manifest.js";

/** Repo root (this file is scripts/package/assemble.ts). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

function readJson(path: string): SourceManifest {
  return JSON.parse(readFileSync(path, "utf8")) as SourceManifest;
}

/** Installed version of each dependency of packages/server, read from its node_modules. */
function installedVersions(serverDir: string, names: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const path = join(serverDir, "node_modules", name, "package.json");
    out[name] = existsSync(path) ? readJson(path).version : undefined;
  }
  return out;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/**
 * Writes the package folder `outDir` (emptied first): package.json, README.md, bin/, dist/ (the
 * hub's JavaScript) and ui/ (the built page). Needs `npm run build` to have run.
 */
export function assemblePackage(outDir: string, root: string = REPO_ROOT): PublishManifest {
  const serverDir = join(root, "packages/server");
  const serverDist = join(serverDir, "dist");
  const uiDist = join(root, "packages/ui/dist");
  for (const [what, path] of [
    ["The hub", join(serverDist, "cli.js")],
    ["The UI", join(uiDist, "index.html")],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${what} is not built (${path} is missing). Run npm run build first.`);
  }
  const server = readJson(join(serverDir, "package.json"));
  const manifest = publishManifest({
    product: readJson(join(root, "package.json")),
    server,
    installed: installedVersions(serverDir, Object.keys(server.dependencies ?? {})),
  });

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const file of listFiles(serverDist).filter(isShippedServerFile)) {
    const target = join(outDir, "dist", file);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(serverDist, file), target);
  }
  cpSync(uiDist, join(outDir, "ui"), { recursive: true });
  const bin = join(outDir, BIN_PATH);
  mkdirSync(dirname(bin), { recursive: true });
  writeFileSync(bin, BIN_SOURCE);
  chmodSync(bin, 0o755);
  cpSync(join(root, "README.md"), join(outDir, "README.md"));
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Runs `npm pack` in the package folder; returns the path of the tarball written to `destination`. */
export function packPackage(packageDir: string, destination: string): string {
  mkdirSync(destination, { recursive: true });
  const result = spawnSync("npm", ["pack", "--json", "--pack-destination", destination], { cwd: packageDir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm pack failed (${result.status ?? result.signal}):\n${result.stderr}`);
  const [info] = JSON.parse(result.stdout) as Array<{ filename: string }>;
  if (!info) throw new Error(`npm pack printed no file:\n${result.stdout}`);
  return join(destination, info.filename);
}
