// A fresh clone has no node_modules: the commands a new user runs first (`npm start`, `npm test`,
// `npm run build`, `npm run package`) must start as plain Node that installs before it imports any
// dependency. Running them from a real fresh clone costs a full install and build; reading the entry
// files catches the same mistake (a script starting with `tsx`, or a dependency imported up front).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./assemble.js";

const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** Every module specifier a file imports statically, and the files it reaches through relative imports. */
function importsOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm)].map((m) => m[1] ?? m[2] ?? "");
  return specifiers.flatMap((spec) => (spec.startsWith(".") ? [spec, ...importsOf(resolve(dirname(file), spec), seen)] : [spec]));
}

describe("commands a fresh clone runs first", () => {
  it.each(["start", "build", "test", "package"])("npm run %s starts as plain Node that imports only Node's own modules", (name) => {
    const command = scripts[name] ?? "";
    const entry = /^node (scripts\/\S+\.mjs)\b/.exec(command)?.[1];
    expect(entry, `"${name}": "${command}" must run a plain .mjs file with node`).toBeDefined();
    const foreign = importsOf(join(REPO_ROOT, entry ?? "")).filter((spec) => !spec.startsWith("node:") && !/^\.\.?\/.*\.mjs$/.test(spec));
    expect(foreign).toEqual([]);
  });
});
