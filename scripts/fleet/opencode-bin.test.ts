import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isNativeExecutable, opencode2Bin, opencode2Version, opencodeBin, opencodeVersion } from "./opencode-bin.js";

const dir = mkdtempSync(join(tmpdir(), "opencode-bin-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("opencodeBin", () => {
  it("finds the native binary of the pinned package, not a shell shim", () => {
    const bin = opencodeBin();
    expect(bin).toMatch(/opencode-ai.*\/bin\/|opencode-(linux|darwin|windows)-/);
    expect(bin).not.toContain("node_modules/.bin");
    expect(isNativeExecutable(bin)).toBe(true);
    expect(opencodeVersion()).toBe("1.18.33");
  });

  it("tells scripts and missing files from executables", () => {
    const script = join(dir, "shim");
    writeFileSync(script, '#!/bin/sh\nexec opencode "$@"\n');
    expect(isNativeExecutable(script)).toBe(false);
    expect(isNativeExecutable(join(dir, "missing"))).toBe(false);
    const elf = join(dir, "elf");
    writeFileSync(elf, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02]));
    expect(isNativeExecutable(elf)).toBe(true);
  });
});

describe("opencode2Bin", () => {
  it("finds OpenCode 2's native binary of the pinned @opencode/cli", () => {
    const bin = opencode2Bin();
    expect(bin).toMatch(/@opencode\/cli\/bin\/opencode\.exe$/);
    expect(isNativeExecutable(bin)).toBe(true);
    expect(opencode2Version()).toBe("2.1.2");
  });
});
