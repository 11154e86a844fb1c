import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readState, stateDir, writeState } from "./state-file.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("state folder", () => {
  it("is $XDG_STATE_HOME/switchboard, else ~/.local/state/switchboard", () => {
    expect(stateDir({ XDG_STATE_HOME: "/s", HOME: "/h" })).toBe("/s/switchboard");
    expect(stateDir({ HOME: "/h" })).toBe("/h/.local/state/switchboard");
  });

  it("writes 0600 files in a 0700 folder, even over a file that was world-readable", async () => {
    const root = mkdtempSync(join(tmpdir(), "sb-state-"));
    dirs.push(root);
    const dir = join(root, "switchboard");
    expect(await readState(dir, "x.json", { none: true })).toEqual({ none: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "x.json"), "{}");
    chmodSync(join(dir, "x.json"), 0o644);
    await writeState(dir, "x.json", { secret: "s" });
    expect(statSync(join(dir, "x.json")).mode & 0o777).toBe(0o600);
    expect(await readState(dir, "x.json", {})).toEqual({ secret: "s" });
  });

  it("says which file it cannot read", async () => {
    const root = mkdtempSync(join(tmpdir(), "sb-state-"));
    dirs.push(root);
    writeFileSync(join(root, "bad.json"), "{");
    await expect(readState(root, "bad.json", {})).rejects.toThrow(/bad\.json/);
  });
});
