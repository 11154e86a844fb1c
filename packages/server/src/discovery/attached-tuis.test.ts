import { describe, expect, it } from "vitest";
import { attachedTuisOf } from "./attached-tuis.js";
import type { ScannedProcess } from "./host-scan.js";
import type { Instance } from "./types.js";
import { scannedTui } from "../test-support/scanned-process.js";

const proc = (pid: number, over: Partial<ScannedProcess> = {}): ScannedProcess => scannedTui(pid, { binaryMajor: 2, ...over });

const instance = (id: string, port: number, protocol: Instance["protocol"] = "v2"): Instance => ({
  id,
  url: `http://127.0.0.1:${port}`,
  port,
  pid: port,
  directory: "/home/me",
  kind: "service",
  version: "2.1.2",
  protocol,
  status: "ready",
  error: null,
  eventsUrl: null,
  firstSeenAt: "2026-12-07T00:00:00.000Z",
  attachedTuis: [],
});

describe("attachedTuisOf", () => {
  it("attaches port-less TUIs to the OpenCode 2 instance their connections go to, sorted by pid", () => {
    const processes = [
      proc(30, { connectedPorts: [47612] }),
      proc(20, { connectedPorts: [4010, 47612], cwd: null }),
      proc(40, { connectedPorts: [47700] }),
    ];
    const map = attachedTuisOf(processes, [instance("svc", 47612), instance("other", 47700)]);
    expect(map.get("svc")).toEqual([
      { pid: 20, directory: null },
      { pid: 30, directory: "/w/30" },
    ]);
    expect(map.get("other")).toEqual([{ pid: 40, directory: "/w/40" }]);
  });

  it("attaches a TUI that started the service itself (the service is its child, so the TUI is a launcher)", () => {
    const processes = [
      proc(60, { connectedPorts: [47612], wrapsCandidate: true }),
      proc(47612, { ppid: 60, kind: "service", sockets: [{ address: "127.0.0.1", port: 47612, inode: 1 }] }),
    ];
    expect(attachedTuisOf(processes, [instance("svc", 47612)]).get("svc")).toEqual([{ pid: 60, directory: "/w/60" }]);
  });

  it("does not attach a standalone TUI to its own private server (its child, listed as the TUI)", () => {
    const child = proc(38543, { ppid: 70, stdio: true, sockets: [{ address: "127.0.0.1", port: 38543, inode: 2 }] });
    const processes = [proc(70, { connectedPorts: [38543], wrapsCandidate: true }), child];
    expect(attachedTuisOf(processes, [{ ...instance("own", 38543), kind: "tui" }]).size).toBe(0);
  });

  it("attaches nothing to 1.x instances, and never a listening TUI or a process that is not a TUI", () => {
    const processes = [
      proc(1, { connectedPorts: [4096] }),
      proc(3, { connectedPorts: [47612], sockets: [{ address: "127.0.0.1", port: 5000, inode: 9 }] }),
      proc(4, { connectedPorts: [47612], kind: "other" }),
      proc(5, { connectedPorts: [47612], sockets: null }),
    ];
    expect(attachedTuisOf(processes, [instance("v1", 4096, "global"), instance("svc", 47612)]).size).toBe(0);
  });
});
