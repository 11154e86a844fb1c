import { describe, expect, it } from "vitest";
import { languageOf, markIndex } from "./file-marks";
import { asFileMark, asFolderEntry, contextOf, sortEntries } from "../../../api/workbench-api";

describe("markIndex", () => {
  it("marks the file and each folder above it", () => {
    const index = markIndex([
      { path: "src/lib/a.ts", status: "added" },
      { path: "README.md", status: "modified" },
    ]);
    expect(index.get("src/lib/a.ts")).toBe("added");
    expect(index.get("src/lib")).toBe("modified");
    expect(index.get("src")).toBe("modified");
    expect(index.get("README.md")).toBe("modified");
    expect(index.has("lib")).toBe(false);
  });
});

describe("languageOf", () => {
  it("takes the extension, or the whole name", () => {
    expect(languageOf("src/a.test.ts")).toBe("ts");
    expect(languageOf("Dockerfile")).toBe("Dockerfile");
    expect(languageOf(".env")).toBe(".env");
  });
});

describe("workbench payloads", () => {
  it("reads 1.x and 2.x listing entries, folders first, without .git", () => {
    const entries = [
      { name: ".git", path: ".git/", type: "directory" },
      { name: "a.txt", path: "a.txt", type: "file" },
      { name: "src", path: "src/", type: "directory" },
      { path: "lib/x.ts", type: "file" },
      { junk: true },
    ].flatMap((e) => asFolderEntry(e) ?? []);
    expect(sortEntries(entries).map((e) => e.path)).toEqual(["src", "a.txt", "lib/x.ts"]);
    expect(entries.find((e) => e.path === "lib/x.ts")?.name).toBe("x.ts");
  });
  it("reads marks of either shape and context windows", () => {
    expect(asFileMark({ file: "a", status: "modified", additions: 1 })).toEqual({ path: "a", status: "modified" });
    expect(asFileMark({ path: "b", status: "added" })).toEqual({ path: "b", status: "added" });
    expect(asFileMark({ path: "c", status: "renamed" })).toBeNull();
    expect(contextOf({ limit: { context: 128000, output: 4096 } })).toBe(128000);
    expect(contextOf({ limit: 32000 })).toBe(32000);
    expect(contextOf({ limit: { context: 0 } })).toBeNull();
  });
});
