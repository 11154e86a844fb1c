import { describe, expect, it } from "vitest";
import {
  connectHost,
  decodeProcAddress,
  isLoopback,
  parseLsofCwd,
  parseLsofListen,
  parseProcNetConnections,
  parseProcNetTcp,
  socketInodeOf,
} from "./socket-table.js";

// Captured from this machine's /proc/net/tcp{,6} (node listening on ::1, ::ffff:127.0.0.1 and ::).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:B9FD 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 33002 1 00000000ebe13933 100 0 0 10 0
   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 638 1 00000000faef329d 100 0 0 10 0
   2: 0100007F:BBF0 0100007F:B9FB 06 00000000:00000000 03:00001517 00000000     0        0 0 3 0000000051afacd2
   3: 020200C0:8246 507100CB:01BB 01 00000000:00000000 00:00000000 00000000     0        0 29872 1 000000001f3f1788 20 4 1 59 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:990F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 33581 1 000000008100efac 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:8FF9 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 33582 1 000000009d88ca85 100 0 0 10 0
   2: 00000000000000000000000000000000:8351 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 33583 1 00000000236f3d4a 100 0 0 10 0
   3: B80D0120000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 40000 1 000000008100efac 100 0 0 10 0
`;

describe("parseProcNetConnections", () => {
  it("keeps only ESTABLISHED rows with the remote address and port and the holder's inode", () => {
    // A 2.x TUI's connection to its service on 127.0.0.1:47612 (0xB9FC), from `ss -tnp` on this machine.
    const tui = `${TCP}   4: 0100007F:A168 0100007F:B9FC 01 00000000:00000000 00:00000000 00000000     0        0 51234 1 0000000000000000 20 4 30 10 -1\n`;
    expect(parseProcNetConnections(tui)).toEqual([
      { inode: 29872, remoteAddress: "203.0.113.80", remotePort: 443 },
      { inode: 51234, remoteAddress: "127.0.0.1", remotePort: 47612 },
    ]);
  });
  it("tells loopback from other addresses", () => {
    expect(["127.0.0.1", "127.5.0.1", "::1"].every(isLoopback)).toBe(true);
    expect(["10.0.0.1", "::", "0.0.0.0"].some(isLoopback)).toBe(false);
  });
});

describe("parseProcNetTcp", () => {
  it("keeps only LISTEN rows of tcp with decoded address, port and inode", () => {
    expect(parseProcNetTcp(TCP)).toEqual([
      { address: "127.0.0.1", port: 0xb9fd, inode: 33002 },
      { address: "0.0.0.0", port: 2024, inode: 638 },
    ]);
  });

  it("decodes tcp6: ::1, v4-mapped loopback, ::, and a global address", () => {
    expect(parseProcNetTcp(TCP6)).toEqual([
      { address: "::1", port: 39183, inode: 33581 },
      { address: "127.0.0.1", port: 36857, inode: 33582 },
      { address: "::", port: 33617, inode: 33583 },
      { address: "2001:db8::1", port: 8080, inode: 40000 },
    ]);
  });

  it("tolerates an empty table and junk lines", () => {
    expect(parseProcNetTcp("")).toEqual([]);
    expect(parseProcNetTcp("header\nnot a row\n")).toEqual([]);
  });
});

describe("decodeProcAddress", () => {
  it("rejects odd lengths", () => {
    expect(decodeProcAddress("0100")).toBeNull();
  });
});

describe("socketInodeOf", () => {
  it("reads socket links only", () => {
    expect(socketInodeOf("socket:[30724]")).toBe(30724);
    expect(socketInodeOf("pipe:[30724]")).toBeNull();
    expect(socketInodeOf("/dev/null")).toBeNull();
  });
});

describe("lsof parsers", () => {
  it("parses -F pn LISTEN output (with the always-present f field)", () => {
    const text = [
      "p4242",
      "f21",
      "n127.0.0.1:4096",
      "f22",
      "n[::1]:4096",
      "p5151",
      "f9",
      "n*:5123",
      "p6000",
      "f3",
      "n[::ffff:127.0.0.1]:7000",
      "",
    ].join("\n");
    const m = parseLsofListen(text);
    expect(m.get(4242)).toEqual([
      { address: "127.0.0.1", port: 4096, inode: 0 },
      { address: "::1", port: 4096, inode: 0 },
    ]);
    expect(m.get(5151)).toEqual([{ address: "0.0.0.0", port: 5123, inode: 0 }]);
    expect(m.get(6000)).toEqual([{ address: "127.0.0.1", port: 7000, inode: 0 }]);
  });

  it("parses cwd output, including paths with spaces", () => {
    expect(parseLsofCwd("p1\nfcwd\nn/Users/me/My Project\np2\nfcwd\nn/\n")).toEqual(
      new Map([
        [1, "/Users/me/My Project"],
        [2, "/"],
      ]),
    );
  });
});

describe("connectHost", () => {
  const s = (address: string) => ({ address, port: 1, inode: 0 });
  it("uses 127.0.0.1 for wildcard and v4 loopback, [::1] only when that is all", () => {
    expect(connectHost([s("0.0.0.0")])).toBe("127.0.0.1");
    expect(connectHost([s("::")])).toBe("127.0.0.1");
    expect(connectHost([s("::1"), s("127.0.0.1")])).toBe("127.0.0.1");
    expect(connectHost([s("::1")])).toBe("[::1]");
    expect(connectHost([s("127.0.0.2")])).toBe("127.0.0.2");
    expect(connectHost([s("192.168.1.5")])).toBe("192.168.1.5");
  });
});
