import { describe, expect, it } from "vitest";
import { sampleInstance } from "../test-support/fake-registry.js";
import { ownInstances, parsePeerLink, peerInstance } from "./peer-link.js";

const TOKEN = "a".repeat(43);

describe("parsePeerLink", () => {
  it("takes a printed sign-in link (http or https)", () => {
    expect(parsePeerLink(`http://10.0.0.5:7420/auth/${TOKEN}`)).toEqual({
      ok: true,
      origin: "http://10.0.0.5:7420",
      link: `http://10.0.0.5:7420/auth/${TOKEN}`,
    });
    expect(parsePeerLink(`https://b.tailnet:7420/auth/${TOKEN}`)).toMatchObject({ ok: true, origin: "https://b.tailnet:7420" });
  });

  it("refuses anything else, in words", () => {
    for (const bad of [
      "nonsense",
      "http://b:7420/",
      `http://b:7420/api/${TOKEN}`,
      `ftp://b/auth/${TOKEN}`,
      `http://b/auth/${TOKEN}?x=1`,
      "http://b/auth/short",
    ]) {
      expect(parsePeerLink(bad), bad).toMatchObject({ ok: false, message: expect.any(String) });
    }
  });
});

describe("peer instances", () => {
  it("prefixes the id with the machine, labels it, and keeps its relay URL", () => {
    const listed = peerInstance(sampleInstance({ id: "abc", url: "http://b:7420/relay/abc" }), { id: "mach1", name: "b" });
    expect(listed).toMatchObject({ id: "m-mach1-abc", url: "http://b:7420/relay/abc", machine: { id: "mach1", name: "b" }, origin: "peer" });
  });

  it("takes only the peer's own instances (not ones it follows itself: no loops)", () => {
    const own = sampleInstance({ id: "own", machine: null, origin: "local" });
    const byUrl = sampleInstance({ id: "url", machine: null, origin: "url" });
    const third = sampleInstance({ id: "third", machine: { id: "c", name: "c" }, origin: "peer" });
    expect(ownInstances([own, byUrl, third]).map((i) => i.id)).toEqual(["own", "url"]);
  });
});
