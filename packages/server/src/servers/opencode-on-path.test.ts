import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listenPort } from "./launch-serve.js";
import { compareVersions, newestOpenCode } from "./opencode-on-path.js";

const root = mkdtempSync(join(tmpdir(), "sb-path-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fake `opencode` that prints `version`. */
function fake(dir: string, version: string): string {
  mkdirSync(join(root, dir), { recursive: true });
  const bin = join(root, dir, "opencode");
  writeFileSync(bin, `#!/bin/sh\necho ${version}\n`);
  chmodSync(bin, 0o755);
  return join(root, dir);
}

describe("newestOpenCode", () => {
  it("picks the highest version among the opencode binaries on PATH", async () => {
    const old = fake("old", "1.9.0");
    const newer = fake("new", "1.18.33");
    const found = await newestOpenCode([old, join(root, "missing"), newer].join(delimiter));
    expect(found).toEqual({ path: join(newer, "opencode"), version: "1.18.33" });
  });
  it('reads OpenCode 2\'s "opencode v2.1.2" and prefers it to 1.x', async () => {
    const one = fake("one", "1.18.33");
    const two = fake("two", "opencode v2.1.2");
    expect(await newestOpenCode([one, two].join(delimiter))).toEqual({ path: join(two, "opencode"), version: "2.1.2" });
  });
  it("asks each binary once until the file changes (an upgrade)", async () => {
    const dir = join(root, "counted");
    mkdirSync(dir, { recursive: true });
    const bin = join(dir, "opencode");
    const calls = join(root, "calls.txt");
    writeFileSync(bin, `#!/bin/sh\necho x >> ${calls}\necho 1.9.0\n`);
    chmodSync(bin, 0o755);
    expect((await newestOpenCode(dir))?.version).toBe("1.9.0");
    expect((await newestOpenCode(dir))?.version).toBe("1.9.0");
    expect(readFileSync(calls, "utf8")).toBe("x\n");
    writeFileSync(bin, `#!/bin/sh\necho x >> ${calls}\necho 1.18.33\n`);
    expect((await newestOpenCode(dir))?.version).toBe("1.18.33");
    expect(readFileSync(calls, "utf8")).toBe("x\nx\n");
  });
  it("answers null without one", async () => {
    expect(await newestOpenCode(join(root, "missing"))).toBeNull();
  });
  it("compares versions numerically and reads listen lines", () => {
    expect(compareVersions("1.18.33", "1.9.0")).toBeGreaterThan(0);
    expect(compareVersions("2.1.2", "2.1.2")).toBe(0);
    expect(listenPort("opencode server listening on http://127.0.0.1:40123\n")).toBe(40123);
    expect(listenPort('{"url":"http://127.0.0.1:35043"}')).toBe(35043);
    expect(listenPort("starting…")).toBeNull();
  });
});
