// `npm test [-- vitest args]`: lint (ESLint, `prettier --check`), install and build like `npm start`
// (the e2e tests drive the built UI and hub), then `vitest run` over every project. Exits 1 on a
// lint finding (before any test runs: CI time is better spent after it is fixed), else with
// vitest's exit code. With vitest args (a run aimed at chosen tests) lint is left to `npm run lint`.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureInstalled, prepare, ROOT, say } from "./lib/bootstrap.mjs";
import { lint } from "./lib/lint.mjs";

const vitestArgs = process.argv.slice(2);
if (vitestArgs.length === 0) {
  ensureInstalled();
  say("linting (eslint, prettier --check)");
  if (!lint()) process.exit(1);
} else {
  say("vitest arguments given: skipping lint (`npm run lint` runs it)");
}
prepare();
say("running the tests (vitest run)");
const child = spawn(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...vitestArgs], {
  cwd: ROOT,
  stdio: "inherit",
});
// Ctrl-C in a terminal already reaches vitest (same process group); forward only what is
// sent to this process alone, so vitest is never left behind.
for (const signal of ["SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
process.on("SIGINT", () => {});
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal] ?? 1) : 1));
});
