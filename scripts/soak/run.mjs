// `npm run soak`: install and build like `npm start` (the soak drives the built hub and UI; a fresh
// clone has no tsx yet), then run scripts/soak/cli.ts under tsx. Plain Node, no dependencies.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { prepare, ROOT } from "../lib/bootstrap.mjs";

prepare();
const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const result = spawnSync(process.execPath, [tsx, join(ROOT, "scripts/soak/cli.ts"), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: "inherit",
});
process.exit(result.status ?? 1);
