import { describe, expect, it } from "vitest";
import { linkedAssets, swRoute } from "./sw-policy";

const origin = "http://127.0.0.1:7420";
const get = (path: string, mode = "cors") => swRoute({ method: "GET", url: path.startsWith("http") ? path : `${origin}${path}`, mode }, origin);

describe("swRoute", () => {
  it("serves page navigations network-first and hashed assets, manifest and icons from the cache", () => {
    expect(get("/", "navigate")).toBe("navigate");
    expect(get("/instance/abc?session=ses_1", "navigate")).toBe("navigate");
    expect(get("/assets/index-AbC123.js")).toBe("asset");
    expect(get("/manifest.webmanifest")).toBe("asset");
    expect(get("/icons/icon-192.png")).toBe("asset");
  });

  it("never caches API answers, the relay, the sign-in link or the worker itself", () => {
    expect(get("/api/instances")).toBe("pass");
    expect(get("/api/instances/stream")).toBe("pass");
    expect(get("/api", "navigate")).toBe("pass");
    expect(get("/relay/inst-1/session")).toBe("pass");
    expect(get("/relay/inst-1/global/event")).toBe("pass");
    expect(get("/auth/abcdef", "navigate")).toBe("pass");
    expect(get("/sw.js")).toBe("pass");
  });

  it("never touches OpenCode servers (other origins) or anything but GET", () => {
    expect(get("http://127.0.0.1:4096/session")).toBe("pass");
    expect(get("http://127.0.0.1:4096/assets/x.js")).toBe("pass");
    expect(get("http://localhost:7420/assets/x.js")).toBe("pass");
    expect(swRoute({ method: "POST", url: `${origin}/assets/x.js`, mode: "cors" }, origin)).toBe("pass");
    expect(get("/favicon.ico")).toBe("pass");
    expect(swRoute({ method: "GET", url: "not a url", mode: "cors" }, origin)).toBe("pass");
  });
});

describe("linkedAssets", () => {
  it("finds the entry script, styles and preloads, once each", () => {
    const html = `<script type="module" crossorigin src="/assets/index-A1.js"></script>
      <link rel="modulepreload" href="/assets/solid-B2.js"><link rel="stylesheet" href="/assets/index-C3.css">
      <link rel="stylesheet" href="/assets/index-C3.css"><link rel="icon" href="/icons/icon.svg"><script src="https://cdn.example/x.js"></script>`;
    expect(linkedAssets(html)).toEqual(["/assets/index-A1.js", "/assets/solid-B2.js", "/assets/index-C3.css"]);
  });
});
