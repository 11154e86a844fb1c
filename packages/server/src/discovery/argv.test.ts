import { describe, expect, it } from "vitest";
import { parseOpenCodeArgs, splitProcCmdline } from "./argv.js";

describe("parseOpenCodeArgs", () => {
  it.each([
    [["serve"], "serve"],
    [["serve", "--port", "4096"], "serve"],
    [["--port", "4096", "serve"], "serve"],
    [["--port=0", "--hostname", "127.0.0.1", "web"], "web"],
    [["--log-level", "DEBUG", "serve"], "serve"],
    [[], "tui"],
    [["--port", "5123"], "tui"],
    [["/home/me/project", "--port", "0"], "tui"],
    [["--model", "serve", "."], "tui"],
    [["run", "hello", "--port", "1"], "other"],
    [["attach", "http://127.0.0.1:4096"], "other"],
    [["--print-logs", "models"], "other"],
  ] as const)("%j is %s", (args, kind) => {
    expect(parseOpenCodeArgs(args).kind).toBe(kind);
  });

  it("reads the port in both flag forms and notes that a TUI listens", () => {
    expect(parseOpenCodeArgs(["--port", "5123"])).toMatchObject({ port: 5123, listens: true });
    expect(parseOpenCodeArgs(["--port=0"])).toMatchObject({ port: 0, listens: true });
    expect(parseOpenCodeArgs(["--hostname=0.0.0.0"])).toMatchObject({ port: null, listens: true });
    expect(parseOpenCodeArgs(["."])).toMatchObject({ port: null, listens: false, subcommand: null });
  });

  it("treats a positional after a subcommand as that subcommand's argument", () => {
    expect(parseOpenCodeArgs(["serve", "web"])).toMatchObject({ kind: "serve", subcommand: "serve" });
  });

  it.each([
    [["serve", "--port", "47300"], "serve", false],
    [["serve", "--service"], "service", false],
    [["serve", "--stdio", "--port", "0"], "serve", true],
    [["serve", "--stdio"], "serve", true],
    [["--standalone"], "tui", false],
    [["--server", "http://127.0.0.1:4096"], "tui", false],
    [["mini"], "tui", false],
    [["service", "start"], "other", false],
    [["pair"], "other", false],
    [["api", "GET", "/api/info"], "other", false],
    [["--stdio"], "tui", false],
  ] as const)("2.x argv %j is %s (stdio %s)", (args, kind, stdio) => {
    expect(parseOpenCodeArgs(args)).toMatchObject({ kind, stdio });
  });

  it("does not take --server's URL for a project directory or a subcommand", () => {
    expect(parseOpenCodeArgs(["--server", "serve"])).toMatchObject({ kind: "tui", subcommand: null, listens: false });
  });

  it("stops at --", () => {
    expect(parseOpenCodeArgs(["--", "serve"]).kind).toBe("tui");
  });
});

describe("splitProcCmdline", () => {
  it("keeps arguments with spaces and drops the trailing NUL", () => {
    expect(splitProcCmdline("/opt/my apps/opencode\x00serve\x00--port\x000\x00")).toEqual(["/opt/my apps/opencode", "serve", "--port", "0"]);
  });
});
