import { describe, expect, it } from "vitest";
import { openCodeArgsOf, selectCandidates, type ProcessRow } from "./process-candidates.js";

const row = (pid: number, ppid: number, name: string, argv: string[]): ProcessRow => ({ pid, ppid, name, cmd: argv.join(" "), argv });

describe("openCodeArgsOf", () => {
  it.each([
    ["opencode", ["/usr/local/bin/opencode", "serve"], ["serve"]],
    [".opencode", ["/x/node_modules/opencode-ai/bin/.opencode", "--port", "0"], ["--port", "0"]],
    ["opencode.exe", ["/x/node_modules/opencode-ai/bin/opencode.exe", "serve"], ["serve"]],
    ["node", ["node", "/x/node_modules/opencode-ai/bin/opencode", "serve"], ["serve"]],
    ["node", ["node", "--import", "tsx", "/tmp/fake-opencode.mjs", "web"], ["web"]],
    ["bun", ["bun", "run", "--conditions=browser", "/src/opencode/packages/opencode/src/index.ts", "serve"], ["serve"]],
    ["bun", ["bun", "run", "--cwd", "packages/opencode", "--conditions", "browser", "src/index.ts"], []],
  ] as const)("%s %j runs OpenCode", (name, argv, args) => {
    expect(openCodeArgsOf(name, argv)).toEqual(args);
  });

  it.each([
    ["node", ["node", "-e", "console.log('opencode')"]],
    ["node", ["node", "/app/server.js", "--name", "opencode"]],
    ["node", ["node", "--require", "/opencode/hook.js", "/app/server.js"]],
    ["bun", ["bun", "x", "prettier"]],
    ["dash", ["/bin/sh", "/x/node_modules/.bin/opencode", "serve"]],
    ["vim", ["vim", "opencode.md"]],
  ] as const)("%s %j does not", (name, argv) => {
    expect(openCodeArgsOf(name, argv)).toBeNull();
  });

  it("recognises the binary by argv[0] when the process name differs", () => {
    expect(openCodeArgsOf("MainThread", ["/opt/opencode", "serve"])).toEqual(["serve"]);
  });
});

describe("selectCandidates", () => {
  it("marks the npm shim whose child is the real binary, keeps the child", () => {
    const rows = [
      row(10, 1, "bash", ["bash"]),
      // The shim as a lister that reports comm ("opencode") would show it.
      row(20, 10, "opencode", ["/bin/sh", "/w/node_modules/.bin/opencode", "serve", "--port", "0"]),
      row(21, 20, "opencode.exe", ["/w/node_modules/.bin/../opencode-ai/bin/opencode.exe", "serve", "--port", "0"]),
    ];
    const c = selectCandidates(rows, 999);
    expect(c.map((x) => [x.pid, x.kind, x.wrapsCandidate])).toEqual([
      [20, "serve", true],
      [21, "serve", false],
    ]);
  });

  it("marks a node wrapper even with a non-candidate process in between", () => {
    const rows = [
      row(30, 1, "node", ["node", "/w/node_modules/opencode-ai/bin/opencode", "--port", "5000"]),
      row(31, 30, "sh", ["sh", "-c", "exec it"]),
      row(32, 31, ".opencode", ["/w/node_modules/opencode-ai/bin/.opencode", "--port", "5000"]),
    ];
    const c = selectCandidates(rows, 999);
    expect(c.find((x) => x.pid === 30)?.wrapsCandidate).toBe(true);
    expect(c.find((x) => x.pid === 32)).toMatchObject({ wrapsCandidate: false, kind: "tui", port: 5000 });
  });

  it("lists a standalone TUI's private server (serve --stdio) as kind tui; the TUI is its launcher", () => {
    const bin = "/w/node_modules/@opencode/cli/bin/opencode.exe";
    const rows = [
      row(70, 1, "opencode", ["/w/node_modules/.bin/opencode", "--standalone"]),
      row(71, 70, "opencode.exe", [bin, "serve", "--stdio", "--port", "0"]),
      // Started by hand, `serve --stdio` is a plain server.
      row(72, 1, "opencode.exe", [bin, "serve", "--stdio"]),
      row(73, 1, "opencode.exe", [bin, "serve", "--service"]),
      row(74, 1, "opencode", ["/w/node_modules/.bin/opencode"]),
    ];
    expect(selectCandidates(rows, 999).map((c) => [c.pid, c.kind, c.wrapsCandidate])).toEqual([
      [70, "tui", true],
      [71, "tui", false],
      [72, "serve", false],
      [73, "service", false],
      [74, "tui", false],
    ]);
  });

  it("recognises pnpm's opencode2 shim as a launcher of the 2.x binary", () => {
    const rows = [
      row(80, 1, "opencode2", ["/bin/sh", "/w/node_modules/.bin/opencode2", "serve", "--port", "0"]),
      row(81, 80, "opencode.exe", ["/w/node_modules/.pnpm/@opencode+cli@2.1.2/node_modules/@opencode/cli/bin/opencode.exe", "serve", "--port", "0"]),
    ];
    expect(selectCandidates(rows, 999).map((c) => [c.pid, c.kind, c.wrapsCandidate])).toEqual([
      [80, "serve", true],
      [81, "serve", false],
    ]);
  });

  it("excludes the hub itself and unrelated processes", () => {
    const rows = [
      row(40, 1, "node", ["node", "/w/opencode-switchboard/dist/cli.js"]),
      row(41, 1, "opencode", ["opencode", "serve"]),
      row(42, 1, "python3", ["python3", "-m", "http.server"]),
    ];
    expect(selectCandidates(rows, 40).map((c) => c.pid)).toEqual([41]);
  });

  it("excludes the hub's launchers too (a checkout named opencode-switchboard)", () => {
    const rows = [
      row(60, 1, "node", ["node", "/home/me/opencode-switchboard/scripts/start.mjs"]),
      row(61, 60, "node", ["node", "/home/me/opencode-switchboard/packages/server/dist/cli.js"]),
      row(62, 1, "node", ["node", "/home/me/opencode-switchboard/scripts/start.mjs"]),
    ];
    expect(selectCandidates(rows, 61).map((c) => c.pid)).toEqual([62]);
  });

  it("falls back to splitting cmd when argv is unknown", () => {
    const rows: ProcessRow[] = [{ pid: 50, ppid: 1, name: "opencode", cmd: "opencode --hostname 0.0.0.0 /srv/app" }];
    expect(selectCandidates(rows, 1)[0]).toMatchObject({ kind: "tui", listens: true, command: "opencode --hostname 0.0.0.0 /srv/app" });
  });
});
