/**
 * `npm run fleet -- --count 3 [--tui 1] [--password secret] [--delay 20] [--keep]`:
 * start a fleet, print it, stay up until Ctrl-C, then stop everything.
 */
import { parseArgs } from "node:util";
import { startFleet, type FleetServer } from "./index.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1" },
    tui: { type: "string", default: "0" },
    password: { type: "string" },
    username: { type: "string" },
    delay: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
  },
});

function table(servers: FleetServer[]): string {
  const rows = [["name", "kind", "pid", "port", "url", "directory"], ...servers.map((s) => [s.name, s.kind, String(s.pid), String(s.port), s.url, s.directory])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}

const started = Date.now();
const fleet = await startFleet({
  count: Number(values.count),
  tui: Number(values.tui),
  password: values.password,
  username: values.username,
  wordDelayMs: Number(values.delay),
  keep: values.keep,
});
console.log(table(fleet.servers));
console.log(`\nmock model: ${fleet.llm.url}   HOME: ${fleet.home}   (started in ${Date.now() - started} ms)`);
if (values.password) console.log(`password: ${values.password} (user ${values.username ?? "opencode"})`);
if (fleet.servers.some((s) => s.kind === "tui")) console.log(`attach to a TUI: tmux -S ${fleet.tmuxSocket} attach -t <name>`);
console.log("Ctrl-C stops everything.");

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping…");
  fleet.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
