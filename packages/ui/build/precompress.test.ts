// @vitest-environment node
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { MIN_BYTES, precompressDir } from "./precompress";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("precompressDir", () => {
  it("writes .br and .gz copies of text files that decompress to the original; leaves small and binary files alone", () => {
    dir = mkdtempSync(join(tmpdir(), "precompress-"));
    mkdirSync(join(dir, "assets"));
    const script = "export const words = " + JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i}`)) + ";\n";
    writeFileSync(join(dir, "assets", "index-abc.js"), script);
    writeFileSync(join(dir, "small.css"), "a{}".padEnd(MIN_BYTES - 1, " "));
    writeFileSync(join(dir, "icon.png"), Buffer.alloc(4096, 7));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>x</title>");

    const done = precompressDir(dir);

    // index.html however small: the hub's static server needs a copy to answer "/" with it.
    expect(done.sort()).toEqual([join(dir, "assets", "index-abc.js"), join(dir, "index.html")]);
    expect(gunzipSync(readFileSync(join(dir, "index.html.gz"))).toString()).toBe("<!doctype html><title>x</title>");
    const br = readFileSync(join(dir, "assets", "index-abc.js.br"));
    const gz = readFileSync(join(dir, "assets", "index-abc.js.gz"));
    expect(brotliDecompressSync(br).toString()).toBe(script);
    expect(gunzipSync(gz).toString()).toBe(script);
    expect(br.length).toBeLessThan(script.length / 3);
    expect(existsSync(join(dir, "small.css.br"))).toBe(false);
    expect(existsSync(join(dir, "icon.png.br"))).toBe(false);
  });
});
