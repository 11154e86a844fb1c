// A decoy for the LAN discovery test: announces `opencode-<port>` over DNS-SD (as OpenCode's --mdns
// does) but is a plain HTTP server that is not OpenCode. Runs inside the test's namespace.
// Usage: node mdns-decoy.mjs <port>
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../packages/server/package.json", import.meta.url));
const { Bonjour } = require("bonjour-service");
const port = Number(process.argv[2]);
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("not OpenCode\n");
});
server.listen(port, "0.0.0.0", () => {
  new Bonjour().publish({ name: `opencode-${port}`, type: "http", port });
  process.stdout.write(`decoy on ${port}\n`);
});
