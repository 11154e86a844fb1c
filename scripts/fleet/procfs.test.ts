import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { cmdlineOf, environOf, listeningPorts } from "./procfs.js";

describe.runIf(process.platform === "linux")("procfs readers", () => {
  it("find the ports, argv and environment of a live pid", async () => {
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      expect(listeningPorts(process.pid)).toContain(port);
      expect(cmdlineOf(process.pid)[0]).toBe(process.execPath);
      expect(environOf(process.pid).PATH).toBe(process.env.PATH);
    } finally {
      server.close();
    }
  });

  it("answer empty for a pid that does not exist", () => {
    expect(listeningPorts(2 ** 22 + 1)).toEqual([]);
    expect(cmdlineOf(2 ** 22 + 1)).toEqual([]);
    expect(environOf(2 ** 22 + 1)).toEqual({});
  });
});
