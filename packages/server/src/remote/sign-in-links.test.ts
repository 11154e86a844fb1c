import type { NetworkInterfaceInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { signInLinks } from "./sign-in-links.js";

const iface = (address: string, family: "IPv4" | "IPv6", internal: boolean): NetworkInterfaceInfo =>
  family === "IPv4"
    ? { address, family, internal, netmask: "", mac: "", cidr: null }
    : { address, family, internal, netmask: "", mac: "", cidr: null, scopeid: 0 };

describe("signInLinks", () => {
  it("uses the bound address", () => {
    expect(signInLinks({ scheme: "https", host: "192.168.1.5", port: 7420, token: "T", interfaces: {} })).toEqual([
      "https://192.168.1.5:7420/auth/T",
    ]);
    expect(signInLinks({ scheme: "http", host: "fd00::5", port: 1, token: "T", interfaces: {} })).toEqual(["http://[fd00::5]:1/auth/T"]);
  });

  it("lists this machine's outside IPv4 addresses for a wildcard bind", () => {
    const interfaces = {
      lo: [iface("127.0.0.1", "IPv4", true)],
      eth0: [iface("10.0.0.7", "IPv4", false), iface("fe80::1", "IPv6", false)],
      wg0: [iface("100.64.0.2", "IPv4", false)],
    };
    expect(signInLinks({ scheme: "http", host: "0.0.0.0", port: 7420, token: "T", interfaces })).toEqual([
      "http://10.0.0.7:7420/auth/T",
      "http://100.64.0.2:7420/auth/T",
    ]);
  });
});
