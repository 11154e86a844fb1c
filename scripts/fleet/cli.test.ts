import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseFleetArgs, USAGE } from "./cli-args.js";

describe("fleet CLI arguments", () => {
  it("default to one 1.x serve and no OpenCode 2 process", () => {
    expect(parseFleetArgs([])).toEqual({
      help: false,
      options: {
        count: 1,
        tui: 0,
        password: undefined,
        username: undefined,
        v2: 0,
        service: false,
        v2Tui: 0,
        standalone: 0,
        wordDelayMs: 20,
        keep: false,
      },
    });
  });

  it("read the OpenCode 2 flags", () => {
    const parsed = parseFleetArgs(["--count", "0", "--v2", "2", "--service", "--v2-tui", "1", "--standalone", "1", "--delay", "5"]);
    expect(parsed).toMatchObject({ help: false, options: { count: 0, v2: 2, service: true, v2Tui: 1, standalone: 1, wordDelayMs: 5 } });
  });

  it("reject unknown flags and bad numbers", () => {
    expect(() => parseFleetArgs(["--bogus"])).toThrow(/bogus/);
    expect(() => parseFleetArgs(["--v2", "two"])).toThrow(/--v2 needs a whole number/);
    expect(parseFleetArgs(["-h"])).toEqual({ help: true });
  });

  it("print the usage and exit 0 on --help, without starting anything", () => {
    const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
    const run = spawnSync(process.execPath, ["--import", "tsx", cli, "--help"], { encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(USAGE);
    const bad = spawnSync(process.execPath, ["--import", "tsx", cli, "--nope"], { encoding: "utf8", timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Usage: npm run fleet");
  });
});
