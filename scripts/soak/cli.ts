/** `npm run soak -- --minutes N`: runs the soak, prints its summary and every failure; exit 1 on any. */
import { parseSoakArgs } from "./options.js";
import { runSoak } from "./soak.js";

let options;
try {
  options = parseSoakArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const report = await runSoak(options).catch((error: unknown) => ({
  failures: [`the soak could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
  summary: [],
}));
console.log(`\n${report.summary.join("\n")}`);
if (report.failures.length > 0) {
  console.error(`\nSOAK FAILED: ${report.failures.length} assertion(s)\n${report.failures.map((f) => `  - ${f}`).join("\n")}`);
  process.exit(1);
}
console.log("\nsoak passed: the page equals every server, no session stuck, nothing shown twice, every draft kept, heap flat");
