// The docs travel with every clone: they must not send readers to files outside the repo
// (`../shared/…`) or name a folder on one developer's machine (examples like /home/me/src are fine).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const docs = [
  "README.md",
  ...readdirSync(join(ROOT, "dev-docs"))
    .filter((n) => n.endsWith(".md"))
    .map((n) => `dev-docs/${n}`),
];

describe("docs", () => {
  it.each(docs)("%s points only at files a clone has", (doc) => {
    const text = readFileSync(join(ROOT, doc), "utf8");
    expect(text.match(/\.\.\/shared\/\S*|\/work\/\S*/g) ?? []).toEqual([]);
  });
});
