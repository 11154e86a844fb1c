import { describe, expect, it } from "vitest";
import { highlightCode, loadedLanguages, resolveLanguage, cachedHighlight } from "./highlight";

describe("resolveLanguage", () => {
  it("maps aliases and fence info strings, rejects unknown languages", () => {
    expect(resolveLanguage("ts")).toBe("typescript");
    expect(resolveLanguage("Shell")).toBe("bash");
    expect(resolveLanguage("python title=x.py")).toBe("python");
    expect(resolveLanguage("brainfuck")).toBeNull();
    expect(resolveLanguage("")).toBeNull();
  });
});

describe("highlightCode (real shiki, JS engine)", () => {
  it("loads grammars one language at a time, on demand", async () => {
    expect(loadedLanguages()).toEqual([]);
    const html = await highlightCode("const x: number = 1;", "ts");
    expect(loadedLanguages()).toEqual(["typescript"]);
    expect(html).toContain('class="shiki');
    expect(html).toMatch(/--shiki-light:/);
    expect(html).toMatch(/--shiki-dark:/);

    await highlightCode("print('hi')", "py");
    expect(loadedLanguages()).toEqual(["python", "typescript"]);
    expect(cachedHighlight("const x: number = 1;", "typescript")).toBe(html);
  });

  it("escapes markup inside code and returns null for unknown languages", async () => {
    const html = await highlightCode('const s = "<img src=x onerror=alert(1)>";', "js");
    const host = document.createElement("div");
    host.innerHTML = html ?? "";
    expect(host.querySelector("img")).toBeNull();
    expect(host.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(await highlightCode("+++", "brainfuck")).toBeNull();
  });
});
