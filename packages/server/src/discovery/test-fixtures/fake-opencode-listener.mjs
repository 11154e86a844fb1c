// A process whose argv looks like OpenCode (the script path contains "opencode") but is not:
// mode "html" answers every request with an HTML page, mode "hang" accepts and never answers.
// Prints the port once listening.
import { createServer } from "node:http";

const mode = process.argv[2] ?? "html";
const server = createServer((_req, res) => {
  if (mode === "hang") return;
  res.writeHead(200, { "content-type": "text/html" });
  res.end("<!doctype html><title>not opencode</title>");
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => process.exit(0));
