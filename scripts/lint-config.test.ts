// The lint config reaches the files it is meant for with the rules it is meant to have: a broken
// glob or a dropped plugin would otherwise make `npm run lint` pass by checking nothing.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** Rule ids ESLint reports for `code` as if it were the file at `path` (relative to the repo). */
async function rulesFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe("eslint.config.js", () => {
  it("rejects a focused test in e2e, scripts and the packages", async () => {
    for (const path of ["e2e/x.test.ts", "scripts/x.test.ts", "packages/server/src/x.test.ts", "packages/ui/src/x.test.tsx"]) {
      expect(await rulesFor(path, 'import { it } from "vitest";\nit.only("x", () => {});\n'), path).toEqual(["no-restricted-properties"]);
    }
  });

  it("applies typescript-eslint and the extra rules to TypeScript, allowing `== null`", async () => {
    const code = "export function f(a: unknown, b: unknown): boolean {\n  let same = a == b;\n  return same || a == null;\n}\n";
    expect((await rulesFor("packages/server/src/x.ts", code)).sort()).toEqual(["eqeqeq", "prefer-const"]);
    expect(await rulesFor("scripts/x.ts", "const unused = 1;\nconst _kept = 2;\n")).toEqual(["@typescript-eslint/no-unused-vars"]);
  });

  it("checks Solid reactivity in the UI only", async () => {
    const component = "export function A(props: { n: number }) {\n  const n = props.n;\n  return <p>{n}</p>;\n}\n";
    expect(await rulesFor("packages/ui/src/x.tsx", component)).toEqual(["solid/reactivity"]);
  });

  it("knows Node's globals in plain .mjs scripts", async () => {
    expect(await rulesFor("scripts/x.mjs", "process.stdout.write(String(undefinedName));\n")).toEqual(["no-undef"]);
  });
});

describe(".prettierignore", () => {
  it("formats code and config, not the lockfile, recordings or prose", async () => {
    const ignored = async (path: string) => (await prettier.getFileInfo(`${ROOT}${path}`, { ignorePath: `${ROOT}.prettierignore` })).ignored;
    expect(await ignored("packages/ui/src/app.tsx")).toBe(false);
    expect(await ignored("packages/ui/src/styles/base.css")).toBe(false);
    expect(await ignored("package.json")).toBe(false);
    expect(await ignored("pnpm-lock.yaml")).toBe(true);
    expect(await ignored("packages/ui/test/recordings/README.md")).toBe(true);
    expect(await ignored("dev-docs/decisions.md")).toBe(true);
  });
});
