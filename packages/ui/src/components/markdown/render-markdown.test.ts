import { afterEach, describe, expect, it } from "vitest";
import { renderMarkdown } from "./render-markdown";

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** Mounts rendered HTML like the component does, so anything active would get its chance to run. */
function mount(markdown: string): HTMLElement {
  const host = document.createElement("div");
  host.innerHTML = renderMarkdown(markdown);
  document.body.append(host);
  return host;
}

const hasHandlers = (root: Element): boolean =>
  [...root.querySelectorAll("*")].some((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith("on")));

afterEach(() => {
  document.body.innerHTML = "";
  delete window.__pwned;
});

describe("renderMarkdown", () => {
  it("renders ordinary markdown", () => {
    const host = mount("# Title\n\nSome **bold** and `code`.\n\n- a\n- b");
    expect(host.querySelector("h1")?.textContent).toBe("Title");
    expect(host.querySelector("strong")?.textContent).toBe("bold");
    expect(host.querySelectorAll("li")).toHaveLength(2);
  });

  it("shows raw HTML as the text the model wrote", () => {
    const host = mount('Wrap it in a <div class="x"> first.\n\n<section>\n  <b>hi</b>\n</section>\n\nAfter **that**.');
    expect(host.querySelector("div, section, b")).toBeNull();
    expect(host.textContent).toContain('Wrap it in a <div class="x"> first.');
    expect(host.querySelector("p.md-raw-html")?.textContent).toBe("<section>\n  <b>hi</b>\n</section>");
    expect(host.querySelector("strong")?.textContent).toBe("that");
  });

  it("drops script elements from raw HTML", () => {
    const host = mount("hello <script>window.__pwned = 1</script> world");
    expect(host.querySelector("script")).toBeNull();
    expect(window.__pwned).toBeUndefined();
    expect(host.textContent).toContain("hello");
  });

  it("strips event handler attributes (img onerror, svg onload, div onclick)", async () => {
    const host = mount(
      [
        '<img src="x" onerror="window.__pwned = 1">',
        '<svg onload="window.__pwned = 2"><circle r="1"/></svg>',
        '<div onclick="window.__pwned = 3" onmouseover="window.__pwned = 4">hover</div>',
        '<a href="https://example.com" onfocus="window.__pwned = 5">x</a>',
      ].join("\n\n"),
    );
    // Give any handler that survived a chance to fire.
    await new Promise((r) => setTimeout(r, 0));
    expect(hasHandlers(host)).toBe(false);
    expect(host.querySelector("img, svg")).toBeNull();
    expect(window.__pwned).toBeUndefined();
  });

  it("removes javascript: and data: URLs from links, keeps the text", () => {
    const host = mount('[click](javascript:window.__pwned=1) and <a href="JaVaScRiPt:alert(1)">raw</a> and [d](data:text/html,<script>x</script>)');
    for (const a of host.querySelectorAll("a")) {
      expect(a.getAttribute("href") ?? "").not.toMatch(/^\s*(javascript|data):/i);
    }
    expect(host.textContent).toContain("click");
    expect(host.textContent).toContain("raw");
  });

  it("drops iframes, forms, styles and inline style attributes", () => {
    const host = mount(
      '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="q"><button>go</button></form><style>body{display:none}</style><p style="position:fixed;inset:0">cover</p>',
    );
    expect(host.querySelector("iframe, form, input, button, style")).toBeNull();
    expect(host.querySelector("[style]")).toBeNull();
    expect(host.textContent).toContain("cover");
  });

  it("opens links in a new tab without opener", () => {
    const host = mount("see [docs](https://example.com/docs)");
    const a = host.querySelector("a");
    expect(a?.getAttribute("href")).toBe("https://example.com/docs");
    expect(a?.getAttribute("target")).toBe("_blank");
    expect(a?.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("turns markdown images into plain links (no remote loads)", () => {
    const host = mount("![chart](https://tracker.example/p.png?secret=1)");
    expect(host.querySelector("img")).toBeNull();
    expect(host.querySelector("a")?.textContent).toBe("image: chart");
  });

  it("keeps code blocks as escaped text with their language class", () => {
    const host = mount("```ts\nconst x = '<b>' as string;\n```");
    const code = host.querySelector("pre > code");
    expect(code?.className).toBe("language-ts");
    expect(code?.textContent).toContain("'<b>'");
    expect(host.querySelector("b")).toBeNull();
  });
});
