/** The Files panel as the workbench browser tests drive it (both generations). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/** Writes `src/greet.ts` (a TypeScript file to open highlighted) into the folder. */
export function writeGreet(dir: string): void {
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "src", "greet.ts"), "export function greet(name: string): string {\n  return 'hi ' + name;\n}\n");
}

/** Opens the folder src in the tree, then greet.ts; checks the viewer shows it highlighted; resolves the "File" region. */
export async function openGreet(page: Page, tree: Locator): Promise<Locator> {
  await tree.getByRole("treeitem", { name: "src" }).locator(".wb-item").first().click();
  await tree.getByRole("treeitem", { name: "greet.ts" }).click();
  const file = page.getByRole("region", { name: "File", exact: true });
  await file.locator("[data-highlighted] .shiki").waitFor({ timeout: 20_000 });
  expect(await file.textContent()).toContain("export function greet(name: string)");
  expect(await file.locator("[data-highlighted] span[style]").count()).toBeGreaterThan(3);
  return file;
}
