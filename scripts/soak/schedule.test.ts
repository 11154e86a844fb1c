import { describe, expect, it } from "vitest";
import { MAX_CONCURRENT_FAULTS, nextFault, planBurst, prng, promptText, type ServerSlot } from "./schedule.js";

const slots = (faulted: string[] = []): ServerSlot[] =>
  ["alpha", "beta", "gamma"]
    .map((name) => ({ name, kind: "serve", faulted: faulted.includes(name) }))
    .concat({
      name: "service",
      kind: "service",
      faulted: faulted.includes("service"),
    });

describe("nextFault", () => {
  it("never hurts a server twice at once nor more than the limit together", () => {
    const rand = prng(3);
    for (let i = 0; i < 200; i++) {
      const fault = nextFault(rand, slots(["beta"]));
      expect(fault?.server).not.toBe("beta");
    }
    expect(MAX_CONCURRENT_FAULTS).toBe(2);
    expect(nextFault(prng(1), slots(["alpha", "beta"]))).toBeNull();
  });

  it("only stops or cuts the 2.x service (it is not restarted on a port of ours), and uses all four faults on serve", () => {
    const rand = prng(5);
    const kinds = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const fault = nextFault(rand, slots());
      if (!fault) throw new Error("a fault was expected");
      if (fault.server === "service") expect(["stop", "cut"]).toContain(fault.kind);
      else kinds.add(fault.kind);
      if (fault.kind === "restart") expect(fault.durationMs).toBe(0);
      else expect(fault.durationMs).toBeGreaterThanOrEqual(2_000);
    }
    expect([...kinds].sort()).toEqual(["cut", "kill9", "restart", "stop"]);
  });

  it("is the same schedule for the same seed", () => {
    const run = (seed: number) => {
      const rand = prng(seed);
      return Array.from({ length: 20 }, () => nextFault(rand, slots()));
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });
});

describe("planBurst", () => {
  const sessions = [
    { id: "s1", server: "alpha" },
    { id: "s2", server: "beta" },
  ];

  it("sends only to reachable servers, and makes a session when none is there", () => {
    const rand = prng(2);
    for (let burst = 1; burst < 50; burst++) {
      const plans = planBurst(rand, burst, sessions, ["beta", "gamma"]);
      expect(plans.length).toBeGreaterThanOrEqual(2);
      expect(plans.length).toBeLessThanOrEqual(5);
      for (const plan of plans) {
        expect(["beta", "gamma"]).toContain(plan.server);
        if (plan.sessionId) expect(plan).toMatchObject({ sessionId: "s2", server: "beta" });
      }
    }
    expect(planBurst(rand, 1, sessions, [])).toEqual([]);
  });

  it("makes no new session once the workload is to stay steady", () => {
    const rand = prng(6);
    for (let burst = 1; burst < 50; burst++) {
      for (const plan of planBurst(rand, burst, sessions, ["alpha", "beta"], false)) expect(plan.sessionId).not.toBeNull();
    }
    expect(planBurst(rand, 1, sessions, ["gamma"], false)).toEqual([]);
  });

  it("writes mock cues for quick, slow and long replies", () => {
    const rand = prng(4);
    const texts = Array.from({ length: 100 }, (_, i) => promptText(rand, 1, i));
    expect(texts.some((t) => !t.includes("[["))).toBe(true);
    expect(texts.some((t) => /\[\[slow:\d+\]\]$/.test(t))).toBe(true);
    expect(texts.some((t) => /\[\[long:\d+\]\]/.test(t))).toBe(true);
  });
});
