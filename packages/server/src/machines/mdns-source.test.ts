import { describe, expect, it } from "vitest";
import type { ProbeTarget, Prober } from "../discovery/probe.js";
import { createMdnsSource, type AnnouncedService, type ServiceBrowser } from "./mdns-source.js";

const silent = { info() {}, warn() {}, error() {}, debug() {} };

function fakeBrowser(): ServiceBrowser & { up(s: AnnouncedService): void; down(s: AnnouncedService): void } {
  const ups: Array<(s: AnnouncedService) => void> = [];
  const downs: Array<(s: AnnouncedService) => void> = [];
  return {
    onUp: (l) => ups.push(l),
    onDown: (l) => downs.push(l),
    stop() {},
    nearby: () => [],
    onNearby() {},
    up: (s) => ups.forEach((l) => l(s)),
    down: (s) => downs.forEach((l) => l(s)),
  };
}

/** OpenCode answers on 10.0.0.7:4096 only; every other port is a decoy that is not OpenCode. */
const prober: Prober & { probed: ProbeTarget[] } = {
  probed: [],
  async probe(target) {
    prober.probed.push(target);
    return target.host === "10.0.0.7" && target.port === 4096
      ? { kind: "opencode", directory: "/srv/lan", version: "1.18.33", protocol: "global" }
      : { kind: "not-opencode", reason: "GET /project answered 404" };
  },
  async close() {},
};

const settle = () => new Promise((r) => setTimeout(r, 10));

describe("LAN discovery", () => {
  it("lists an announced OpenCode only after the probe verified it, and never a decoy or another service", async () => {
    const browser = fakeBrowser();
    const source = createMdnsSource({ browser, prober, logger: silent });
    let changes = 0;
    source.subscribe(() => changes++);
    browser.up({ name: "opencode-1234", port: 1234, addresses: ["10.0.0.8"] });
    browser.up({ name: "printer", port: 4096, addresses: ["10.0.0.7"] });
    browser.up({ name: "opencode-4096", port: 4096, addresses: ["fe80::1", "10.0.0.7"] });
    await settle();
    expect(source.instances()).toMatchObject([
      { url: "http://10.0.0.7:4096", origin: "mdns", machine: null, status: "ready", directory: "/srv/lan" },
    ]);
    expect(source.instances()[0]?.id).toMatch(/^mdns-/);
    // The printer was never probed: only OpenCode's announcement name counts.
    expect(prober.probed.map((t) => `${t.host}:${t.port}`)).toEqual(["10.0.0.8:1234", "10.0.0.7:4096"]);
    expect(changes).toBe(1);
    browser.down({ name: "opencode-4096", port: 4096, addresses: ["10.0.0.7"] });
    expect(source.instances()).toEqual([]);
  });
});
