/**
 * A reverse proxy in front of a real hub that lists only some instances. The hub sees every OpenCode
 * on the machine (other engineers' fleets too); tests about counts across "all servers" (the Needs-you
 * inbox, the title count, notifications) must only see their own fleet. Everything else passes through.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Hub } from "./hub.js";

/** Handle of a running scoped hub: open pages at `url`. */
export interface ScopedHub {
  url: string;
  close(): Promise<void>;
}

interface Doc {
  instances: Array<{ port: number }>;
}

/** Starts the proxy; `keep(port)` decides which instances the page may see. */
export async function startScopedHub(hub: Hub, keep: (port: number) => boolean): Promise<ScopedHub> {
  const upstream = new URL(hub.url);
  const filter = (json: string): string => {
    const doc = JSON.parse(json) as Doc;
    return JSON.stringify({ ...doc, instances: doc.instances.filter((i) => keep(i.port)) });
  };
  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    const route = path.split("?")[0];
    const proxied = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: { ...req.headers, host: upstream.host }, agent: false },
      (answer) => {
        const headers = { ...answer.headers };
        if (route === "/api/instances" || route === "/api/instances/stream") delete headers["content-length"];
        res.writeHead(answer.statusCode ?? 502, headers);
        if (route === "/api/instances") {
          let body = "";
          answer.on("data", (c: Buffer) => (body += c.toString()));
          answer.on("end", () => res.end(answer.statusCode === 200 ? filter(body) : body));
          return;
        }
        if (route === "/api/instances/stream") {
          res.flushHeaders();
          let buffer = "";
          answer.on("data", (c: Buffer) => {
            buffer += c.toString();
            let at: number;
            while ((at = buffer.indexOf("\n\n")) >= 0) {
              const frame = buffer.slice(0, at);
              buffer = buffer.slice(at + 2);
              const lines = frame
                .split("\n")
                .map((line) =>
                  line.startsWith("data: ") && line.length > 6 && line.includes("instances") ? `data: ${filter(line.slice(6))}` : line,
                );
              res.write(`${lines.join("\n")}\n\n`);
            }
          });
          answer.on("end", () => res.end());
          answer.on("error", () => res.destroy());
          return;
        }
        answer.pipe(res);
      },
    );
    proxied.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end("scoped hub: the hub did not answer");
      else res.destroy();
    });
    res.on("close", () => proxied.destroy());
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
