/**
 * bonjour-service (the DNS-SD library OpenCode itself uses for `--mdns`) as the ServiceBrowser of
 * mdns-source.ts: browses `_http._tcp`, and in remote mode announces this hub as
 * `_switchboard._tcp` so other machines can see it. `iface` (--mdns-interface) keeps every query and
 * answer on one interface; without it multicast-dns uses every interface.
 */
import Bonjour from "bonjour-service";
import type { AnnouncedService, ServiceBrowser } from "./mdns-source.js";

/** Starts browsing (and announcing, when `announce` is given). */
export function createBonjourBrowser(opts: {
  iface?: string;
  announce?: { name: string; port: number; machineId: string; scheme: "http" | "https" };
}): ServiceBrowser {
  // Bound to the wildcard so multicast reaches the socket; the interface picks where it goes out.
  const bonjour = new Bonjour(opts.iface ? ({ interface: opts.iface, bind: "0.0.0.0" } as never) : {});
  const browser = bonjour.find({ type: "http" });
  const toService = (s: { name: string; port: number; addresses?: string[] }): AnnouncedService => ({
    name: s.name,
    port: s.port,
    addresses: s.addresses ?? [],
  });
  if (opts.announce) {
    bonjour.publish({
      name: `switchboard-${opts.announce.name}`,
      type: "switchboard",
      port: opts.announce.port,
      txt: { id: opts.announce.machineId, name: opts.announce.name, scheme: opts.announce.scheme },
    });
  }
  // Other Switchboards: offered by "Add a machine" (their one-time link is still what pairs them).
  const switchboards = bonjour.find({ type: "switchboard" });
  const nearbyListeners = new Set<() => void>();
  const own = opts.announce?.machineId;
  const nearby = (): Array<{ name: string; url: string; id?: string }> =>
    switchboards.services.flatMap((s) => {
      const txt = (s.txt ?? {}) as Record<string, string>;
      const address = (s.addresses ?? []).find((a) => !a.includes(":"));
      if (!address || txt.id === own) return [];
      const url = `${txt.scheme === "https" ? "https" : "http"}://${address}:${s.port}`;
      return [{ name: txt.name ?? s.name, url, ...(txt.id ? { id: txt.id } : {}) }];
    });
  for (const event of ["up", "down"] as const) switchboards.on(event, () => nearbyListeners.forEach((l) => l()));
  return {
    nearby,
    onNearby: (listener) => nearbyListeners.add(listener),
    onUp: (listener) => browser.on("up", (s) => listener(toService(s))),
    onDown: (listener) => browser.on("down", (s) => listener(toService(s))),
    stop: () =>
      new Promise<void>((resolve) => {
        browser.stop();
        switchboards.stop();
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      }),
  };
}
