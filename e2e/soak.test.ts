/**
 * Issue 16's soak in `npm test`: the 3-minute run of `npm run soak` (8 real servers of both
 * generations, prompt bursts, kill -9 / SIGSTOP / restart / network cuts, one Chromium page), which
 * must end with the page equal to every server, nothing stuck or doubled, the drafts kept and the
 * heap within +10 % of minute 1's. The 30-minute run is `npm run soak` (dev-docs/benchmarks.md "Soak").
 */
import { describe, expect, it } from "vitest";
import { parseSoakArgs } from "../scripts/soak/options.js";
import { runSoak } from "../scripts/soak/soak.js";

describe("soak (3 minutes of chaos)", () => {
  it(
    "keeps the page equal to the servers' truth",
    async () => {
      const report = await runSoak(parseSoakArgs(["--minutes", "3"]), (line) => console.log(line));
      console.log(report.summary.join("\n"));
      expect(report.failures).toEqual([]);
    },
    // 3 minutes of chaos plus ~2 to start 8 servers and ~2 to settle and compare, on a loaded machine.
    15 * 60_000,
  );
});
