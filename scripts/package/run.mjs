// `npm run package`: install and build like `npm start` (a fresh clone has no node_modules, so no
// tsx yet), then assemble and pack with scripts/package/cli.ts under tsx. Plain Node, no dependencies.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { prepare, ROOT } from "../lib/bootstrap.mjs";

prepare();
const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const result = spawnSync(process.execPath, [tsx, join(ROOT, "scripts/package/cli.ts"), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: "inherit",
});
process.exit(result.status ?? 1);
