/**
 * `npm run fleet -- --count 3 [--tui 1] [--v2 1 --service --v2-tui 1 --standalone 1] [--password secret] [--delay 20] [--keep]`:
 * start a fleet, print it, stay up until Ctrl-C, then stop everything. `--help` lists every flag.
 */
import { parseFleetArgs, USAGE, type FleetCommand } from "./cli-args.js";
import { startFleet, type FleetServer } from "./index.js";

let command: FleetCommand;
try {
  command = parseFleetArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (command.help) {
  console.log(USAGE);
  process.exit(0);
}
const options = command.options;

function table(servers: FleetServer[]): string {
  const head = ["name", "gen", "kind", "pid", "server pid", "port", "url", "directory"];
  const rows = [
    head,
    ...servers.map((s) => [
      s.name,
      String(s.generation),
      s.kind,
      String(s.pid),
      s.serverPid ? String(s.serverPid) : "",
      String(s.port),
      s.url,
      s.directory,
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const started = Date.now();
const fleet = await startFleet(options);
console.log(table(fleet.servers));
console.log(`\nmock model: ${fleet.llm.url}   HOME: ${fleet.home}   (started in ${Date.now() - started} ms)`);
if (options.password) console.log(`password: ${options.password} (user ${options.username ?? "opencode"})`);
// OpenCode 2 always has a password; this is the user's own terminal, where they need it to connect.
for (const s of fleet.servers.filter((server) => server.generation === 2))
  console.log(`${s.name}: curl -u opencode:${s.password ?? ""} ${s.url}/api/info`);
if (fleet.servers.some((s) => s.kind === "tui" || s.kind === "standalone"))
  console.log(`attach to a TUI: tmux -S ${fleet.tmuxSocket} attach -t <name>`);
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
