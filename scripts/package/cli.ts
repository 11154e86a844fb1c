/**
 * Assembles the publishable package in dist/package and packs it to dist/switchboard-<version>.tgz,
 * which `npx ./dist/switchboard-<version>.tgz` runs. `npm run package` starts it through run.mjs,
 * which installs and builds first.
 */
import { join, relative } from "node:path";
import { assemblePackage, packPackage, REPO_ROOT } from "./assemble.js";

const folder = join(REPO_ROOT, "dist/package");
const manifest = assemblePackage(folder);
const tarball = packPackage(folder, join(REPO_ROOT, "dist"));
const shown = `./${relative(process.cwd(), tarball)}`;
process.stdout.write(
  `switchboard: packed ${manifest.name}@${manifest.version} → ${shown}\n` +
    `  run it:      npx ${shown} [--port N --host H --no-open …]\n` +
    `  install it:  npm install -g ${shown}   (then: switchboard)\n`,
);
