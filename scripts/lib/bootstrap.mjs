// Install and build steps shared by `npm start` and `npm test`. Plain Node, no dependencies:
// this runs before `pnpm install` on a fresh clone.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Repo root (this file is scripts/lib/bootstrap.mjs). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const UI = join(ROOT, "packages/ui");
const SERVER = join(ROOT, "packages/server");

/** Prints one short progress line. */
export function say(message) {
  process.stdout.write(`switchboard: ${message}\n`);
}

/** Modification time in ms, or 0 when the path does not exist. */
export function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest mtime among files under `paths` (files or folders, recursively), skipping `skip(name)`. */
export function newestMtime(paths, skip = () => false) {
  let newest = 0;
  const visit = (path) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) if (!skip(name)) visit(join(path, name));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of paths) visit(p);
  return newest;
}

/** True when `output` is missing or older than the newest of `inputs`. */
export function isStale(output, inputs, skip) {
  const built = mtimeOf(output);
  return built === 0 || newestMtime(inputs, skip) > built;
}

/** Skips tests and editor/OS droppings when judging whether a build is stale. */
const notBuildInput = (name) => /\.test\.tsx?$/.test(name) || name === "node_modules" || name.startsWith(".");

/** Runs a command with inherited stdio; exits this process with a clear message if it fails. */
export function run(command, args, opts = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: "inherit",
    shell: process.platform === "win32",
    ...opts,
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    process.stderr.write(`switchboard: \`${command} ${args.join(" ")}\` failed (${why}).\n`);
    process.exit(result.status || 1);
  }
}

function timed(label, fn) {
  const started = Date.now();
  say(`${label}…`);
  fn();
  say(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = join(ROOT, "node_modules/.modules.yaml");
  if (!isStale(marker, [join(ROOT, "pnpm-lock.yaml")])) return;
  timed("installing dependencies (pnpm install --frozen-lockfile)", () => {
    run("npx", ["-y", "pnpm@10", "install", "--frozen-lockfile"]);
  });
  // pnpm leaves the marker alone when nothing changed; touch it so the next run skips the install.
  if (existsSync(marker)) utimesSync(marker, new Date(), new Date());
}

/** Builds the UI (vite) when packages/ui/dist/index.html is missing or older than its sources. */
export function ensureUiBuilt({ force = false } = {}) {
  const inputs = ["src", "build", "index.html", "vite.config.ts", "package.json", "public"].map((p) => join(UI, p));
  if (!force && !isStale(join(UI, "dist/index.html"), inputs, notBuildInput)) return;
  timed("building the UI (vite build)", () => {
    run(process.execPath, [join(UI, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], { cwd: UI });
  });
}

/** Builds the hub (tsc → packages/server/dist) when dist/cli.js is missing or older than its sources. */
export function ensureServerBuilt({ force = false } = {}) {
  const inputs = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"].map((p) => join(SERVER, p));
  inputs.push(join(ROOT, "tsconfig.base.json"));
  if (!force && !isStale(join(SERVER, "dist/cli.js"), inputs, notBuildInput)) return;
  timed("building the hub (tsc)", () => {
    // A clean dist, so files whose sources were deleted do not linger.
    rmSync(join(SERVER, "dist"), { recursive: true, force: true });
    run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(SERVER, "tsconfig.build.json")]);
  });
}

/** Everything `npm start` and `npm test` need before they run. */
export function prepare() {
  ensureInstalled();
  ensureUiBuilt();
  ensureServerBuilt();
}
