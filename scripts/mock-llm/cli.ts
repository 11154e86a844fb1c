/** `npx tsx scripts/mock-llm/cli.ts [--port N] [--delay MS] [--log]`: run the mock model until Ctrl-C. */
import { parseArgs } from "node:util";
import { startMockLlm } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    delay: { type: "string", default: "20" },
    log: { type: "boolean", default: false },
  },
});

const llm = await startMockLlm({
  port: Number(values.port),
  wordDelayMs: Number(values.delay),
  onRequest: values.log ? (request) => console.log(JSON.stringify(request, null, 2)) : undefined,
});
console.log(`mock model listening: baseURL ${llm.url} (model id mock-1)`);

const shutdown = (): void => {
  void llm.close().then(() => process.exit(0));
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
