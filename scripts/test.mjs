// `npm test [-- vitest args]`: install and build like `npm start` (the e2e tests drive the built
// UI and hub), then `vitest run` over every project. Exits with vitest's exit code.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { prepare, ROOT, say } from "./lib/bootstrap.mjs";

prepare();
say("running the tests (vitest run)");
const child = spawn(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...process.argv.slice(2)], {
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
