import { describe, expect, it } from "vitest";
import { snippetOf } from "./snippet.js";

const marked = (s: { snippet: string; matches: [number, number][] }) => s.matches.map(([a, b]) => s.snippet.slice(a, b));

describe("snippetOf", () => {
  it("gives offsets of every matched word inside the snippet", () => {
    const s = snippetOf("Fix the Login flow: login must retry", (w) => w === "login");
    expect(s.snippet).toBe("Fix the Login flow: login must retry");
    expect(s.matches).toEqual([
      [8, 13],
      [20, 25],
    ]);
    expect(marked(s)).toEqual(["Login", "login"]);
  });

  it("cuts long text around the first match on word boundaries, with ellipses, offsets still exact", () => {
    const text = `${"alpha ".repeat(60)}the needle word here ${"omega ".repeat(60)}`;
    const s = snippetOf(text, (w) => w === "needle");
    expect(s.snippet.startsWith("…alpha")).toBe(true);
    expect(s.snippet.endsWith("…")).toBe(true);
    expect(s.snippet.length).toBeLessThanOrEqual(182);
    expect(marked(s)).toEqual(["needle"]);
  });

  it("collapses whitespace (newlines of code) before computing offsets", () => {
    const s = snippetOf("const  x =\n\n  parseConfig(path)\n", (w) => w === "parseconfig");
    expect(s.snippet).toBe("const x = parseConfig(path)");
    expect(marked(s)).toEqual(["parseConfig"]);
  });

  it("keeps markup as plain text: nothing escaped, nothing dropped", () => {
    const text = 'look <img src=x onerror="alert(1)"> here';
    const s = snippetOf(text, (w) => w === "onerror");
    expect(s.snippet).toBe(text);
    expect(marked(s)).toEqual(["onerror"]);
  });

  it("starts at the beginning when nothing matches", () => {
    expect(snippetOf("nothing here", () => false)).toEqual({ snippet: "nothing here", matches: [] });
  });
});
