/** `npm run bench`: every `scripts/bench/*-bench.ts`, one after another, each with its defaults. */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));
for (const file of readdirSync(here)
  .filter((f) => f.endsWith("-bench.ts"))
  .sort()) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, [tsx, `${here}${file}`], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
