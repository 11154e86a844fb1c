import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkRelative, FolderRefused, listFolders } from "./folder-browser.js";

const home = mkdtempSync(join(tmpdir(), "sb-folders-"));
mkdirSync(join(home, "code", "alpha"), { recursive: true });
mkdirSync(join(home, "code", "beta"), { recursive: true });
mkdirSync(join(home, ".secret"));
const outside = mkdtempSync(join(tmpdir(), "sb-outside-"));
symlinkSync(outside, join(home, "escape"));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe("folder browser", () => {
  it("lists visible folders of home and below, with the parent", async () => {
    const top = await listFolders(home, "");
    expect(top.folders.map((f) => f.name)).toEqual(["code"]);
    expect(top.parent).toBeNull();
    const code = await listFolders(home, "code");
    expect(code.folders).toEqual([
      { name: "alpha", path: "code/alpha" },
      { name: "beta", path: "code/beta" },
    ]);
    expect(code.parent).toBe("");
    expect(code.absolute.endsWith(join("code"))).toBe(true);
  });

  it("refuses hidden folders, `..`, absolute paths and symlinks out of home", async () => {
    expect(() => checkRelative(".secret")).toThrow(FolderRefused);
    expect(() => checkRelative("code/../../etc")).toThrow(/inside your home/);
    expect(() => checkRelative("/etc")).toThrow(/relative to your home/);
    await expect(listFolders(home, "escape")).rejects.toMatchObject({ status: 403 });
    await expect(listFolders(home, "nope")).rejects.toMatchObject({ status: 404 });
  });
});
