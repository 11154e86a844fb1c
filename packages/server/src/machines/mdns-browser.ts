/**
 * bonjour-service (the DNS-SD library OpenCode itself uses for `--mdns`) as the ServiceBrowser of
 * mdns-source.ts: browses `_http._tcp`, and in remote mode announces this hub as
 * `_switchboard._tcp` so other machines can see it. `iface` (--mdns-interface) keeps every query and
 * answer on one interface; without it multicast-dns uses every interface.
 */
import Bonjour from "bonjour-service";
import type { AnnouncedService, ServiceBrowser } from "./mdns-source.js";

/** Starts browsing (and announcing, when `announce` is given). */
export function createBonjourBrowser(opts: { iface?: string; announce?: { name: string; port: number; machineId: string } }): ServiceBrowser {
  // Bound to the wildcard so multicast reaches the socket; the interface picks where it goes out.
  const bonjour = new Bonjour(opts.iface ? { interface: opts.iface, bind: "0.0.0.0" } as never : {});
  const browser = bonjour.find({ type: "http" });
  const toService = (s: { name: string; port: number; addresses?: string[] }): AnnouncedService => ({ name: s.name, port: s.port, addresses: s.addresses ?? [] });
  if (opts.announce) {
    bonjour.publish({ name: `switchboard-${opts.announce.name}`, type: "switchboard", port: opts.announce.port, txt: { id: opts.announce.machineId, name: opts.announce.name } });
  }
  return {
    onUp: (listener) => browser.on("up", (s) => listener(toService(s))),
    onDown: (listener) => browser.on("down", (s) => listener(toService(s))),
    stop: () =>
      new Promise<void>((resolve) => {
        browser.stop();
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      }),
  };
}
