import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ProbeResult, Prober } from "../discovery/probe.js";
import type { Credentials } from "../discovery/types.js";
import { createUrlServers } from "./url-servers.js";

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A prober that answers by password: "right" opens it, anything else is refused; answers are scripted first. */
function scriptedProber(script: ProbeResult[] = []): Prober & { calls: Array<Credentials | undefined> } {
  const calls: Array<Credentials | undefined> = [];
  return {
    calls,
    async probe(_target, credentials) {
      calls.push(credentials);
      const next = script.shift();
      if (next) return next;
      if (!credentials) return { kind: "auth-required", protocol: "global" };
      return credentials.password === "right"
        ? { kind: "opencode", directory: "/srv/app", version: "1.18.33", protocol: "global" }
        : { kind: "rejected", protocol: "global" };
    },
    async close() {},
  };
}

function setup(prober: Prober) {
  const dir = mkdtempSync(join(tmpdir(), "sb-url-"));
  dirs.push(dir);
  return { dir, servers: createUrlServers({ dir, prober, logger: silent, recheckMs: 60_000 }) };
}

describe("servers added by URL", () => {
  it("says a wrong password is wrong, a missing one is needed, and keeps nothing", async () => {
    const { servers } = setup(scriptedProber());
    expect(await servers.add("http://10.0.0.2:4096", { username: "opencode", password: "wrong" })).toMatchObject({
      ok: false,
      reason: "rejected",
      message: "http://10.0.0.2:4096 refused this password.",
    });
    expect(await servers.add("http://10.0.0.2:4096", { username: "opencode", password: "" })).toMatchObject({
      ok: false,
      reason: "rejected",
      message: expect.stringMatching(/needs a password/),
    });
    expect(servers.instances()).toEqual([]);
  });

  it("lists a verified server with origin url, remembers it (0600) and loads it on the next start", async () => {
    const { dir, servers } = setup(scriptedProber());
    const added = await servers.add("http://10.0.0.2:4096/", { username: "opencode", password: "right" });
    expect(added).toMatchObject({
      ok: true,
      instance: { url: "http://10.0.0.2:4096", status: "ready", origin: "url", machine: null, directory: "/srv/app", pid: 0 },
    });
    if (!added.ok) return;
    expect(added.instance.eventsUrl).toContain("auth_token=");
    expect(servers.owns(added.instance.id)).toBe(true);
    const file = join(dir, "servers.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ servers: [{ url: "http://10.0.0.2:4096", username: "opencode", password: "right" }] });

    const again = createUrlServers({ dir, prober: scriptedProber(), logger: silent, recheckMs: 60_000 });
    await again.start();
    expect(again.instances()).toMatchObject([{ id: added.instance.id, status: "ready" }]);
    again.stop();
    expect(await again.remove(added.instance.id)).toBe(true);
    expect(again.instances()).toEqual([]);
    expect(again.owns(added.instance.id)).toBe(false);
    expect(await again.remove(added.instance.id)).toBe(false);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ servers: [] });
    // Forgotten across restarts too.
    const third = createUrlServers({ dir, prober: scriptedProber(), logger: silent, recheckMs: 60_000 });
    await third.start();
    expect(third.instances()).toEqual([]);
    third.stop();
  });

  it("tries again at once when the check timed out, and tells unreachable from not-OpenCode", async () => {
    const timeout: ProbeResult = { kind: "not-opencode", reason: "GET /project failed: timeout", timedOut: true };
    const { servers } = setup(scriptedProber([timeout, timeout]));
    expect(await servers.add("http://10.0.0.2:4096", { username: "opencode", password: "right" })).toMatchObject({ ok: true });
    const never = setup(scriptedProber([timeout, timeout, timeout, timeout])).servers;
    expect(await never.add("http://10.0.0.2:4096", { username: "opencode", password: "right" })).toMatchObject({ ok: false, reason: "unreachable" });
    const other = setup(scriptedProber([{ kind: "not-opencode", reason: "GET /project answered 404" }])).servers;
    expect(await other.add("http://10.0.0.2:4096", { username: "opencode", password: "right" })).toMatchObject({ ok: false, reason: "not-opencode" });
    expect(await other.add("ftp://x", { username: "opencode", password: "right" })).toMatchObject({ ok: false, reason: "bad-url" });
  });
});
