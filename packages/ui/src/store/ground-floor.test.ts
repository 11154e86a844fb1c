// @vitest-environment node
/**
 * store/ is the ground floor (STYLE.md rule 14): its files import each other, the hub contract
 * (`@switchboard/server/contract`), OpenCode's SDK types and libraries, never api/, stream/ or
 * components/. Reads every file of the folder and parses its import specifiers.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const STORE = dirname(fileURLToPath(import.meta.url));

/** Every module specifier in `source`: imports, re-exports, `import("…")` calls and types. */
function specifiers(source: string, fileName = "x.ts"): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The specifiers of `source` (a file in store/) that reach above the store. */
function above(source: string, fileName = "x.ts"): string[] {
  return specifiers(source, fileName).filter((spec) => {
    if (spec.startsWith(".")) {
      const target = relative(STORE, resolve(STORE, spec));
      return target.startsWith("..") || target.includes(`..${sep}`);
    }
    // Of the server package only its contract (types and schemas) is the ground floor's.
    return spec.startsWith("@switchboard/") && spec !== "@switchboard/server/contract";
  });
}

describe("store/ imports nothing above it", () => {
  it("finds imports of every form (so the check below can fail)", () => {
    const source = [
      `import { a } from "../api/session-ops";`,
      `import type { B } from "../stream/session-actions.ts";`,
      `export { c } from "../components/x";`,
      `type D = import("../api/hub-types").Instance;`,
      `const e = () => import("../stream/live-engine");`,
      `import { f } from "./types";`,
      `import type { G } from "@switchboard/server/contract";`,
      `import { h } from "@switchboard/server";`,
    ].join("\n");
    expect(above(source)).toEqual([
      "../api/session-ops",
      "../stream/session-actions.ts",
      "../components/x",
      "../api/hub-types",
      "../stream/live-engine",
      "@switchboard/server",
    ]);
  });

  it("holds for every file in store/", () => {
    const files = readdirSync(STORE).filter((name) => /\.tsx?$/.test(name));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((name) => above(readFileSync(join(STORE, name), "utf8"), name).map((spec) => `${name}: ${spec}`));
    expect(offending).toEqual([]);
  });
});
