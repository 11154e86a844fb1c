// `npm start [-- flags]`: install if needed, build what is stale, then run the hub.
// Plain Node with no dependencies, because it runs before `pnpm install` on a fresh clone.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { prepare, ROOT, say } from "./lib/bootstrap.mjs";

const args = process.argv.slice(2);
const buildOnly = args.includes("--build-only");
const hubArgs = args.filter((a) => a !== "--build-only");

prepare();
if (buildOnly) {
  say("build complete");
} else {
  // The hub runs in this process rather than a child: Ctrl-C then reaches it exactly once
  // (a forwarding parent would deliver a second SIGINT, which aborts a graceful shutdown),
  // and its exit code is this process's exit code.
  const cli = join(ROOT, "packages/server/dist/cli.js");
  process.argv = [process.argv[0] ?? process.execPath, cli, ...hubArgs];
  await import(pathToFileURL(cli).href);
}
