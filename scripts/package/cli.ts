/**
 * `npm run package`: builds what is stale, assembles the publishable package in dist/package and
 * packs it to dist/switchboard-<version>.tgz, which `npx ./dist/switchboard-<version>.tgz` runs.
 */
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { assemblePackage, packPackage, REPO_ROOT } from "./assemble.js";

const build = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/start.mjs"), "--build-only"], { cwd: REPO_ROOT, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const folder = join(REPO_ROOT, "dist/package");
const manifest = assemblePackage(folder);
const tarball = packPackage(folder, join(REPO_ROOT, "dist"));
const shown = `./${relative(process.cwd(), tarball)}`;
process.stdout.write(
  `switchboard: packed ${manifest.name}@${manifest.version} → ${shown}\n` +
    `  run it:      npx ${shown} [--port N --host H --no-open …]\n` +
    `  install it:  npm install -g ${shown}   (then: switchboard)\n`,
);
