/** The one-time sign-in links the hub prints in remote mode. Pure. */
import type { NetworkInterfaceInfo } from "node:os";
import { SIGN_IN_PREFIX } from "./remote-gate.js";

/**
 * One link per address a device can use: the bound address, or for a wildcard bind (0.0.0.0, ::)
 * every non-internal IPv4 address of this machine.
 */
export function signInLinks(opts: {
  scheme: "http" | "https";
  host: string;
  port: number;
  token: string;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}): string[] {
  const wildcard = opts.host === "0.0.0.0" || opts.host === "::" || opts.host === "";
  const hosts = wildcard
    ? Object.values(opts.interfaces)
        .flatMap((list) => list ?? [])
        .filter((i) => i.family === "IPv4" && !i.internal)
        .map((i) => i.address)
    : [opts.host];
  const shown = hosts.length > 0 ? hosts : ["127.0.0.1"];
  return shown.map((h) => `${opts.scheme}://${h.includes(":") ? `[${h}]` : h}:${opts.port}${SIGN_IN_PREFIX}${opts.token}`);
}

/** The terminal lines for a fresh token. */
export function signInMessage(links: readonly string[]): string {
  return (
    `Remote access is on. Open this one-time link on the device you want to use (it works once; then the device keeps a cookie):\n` +
    links.map((l) => `  ${l}\n`).join("") +
    `For another device, or to sign every device out, send SIGUSR2 to this hub (kill -USR2 ${process.pid}): it prints a new link.\n`
  );
}
