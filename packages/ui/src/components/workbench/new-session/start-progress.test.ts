import { describe, expect, it } from "vitest";
import { elapsedWords, jobEnded, startSteps } from "./start-progress";

const statuses = (job: Parameters<typeof startSteps>[0]) => startSteps(job).map((s) => `${s.state}:${s.status}`);

describe("start progress", () => {
  it("marks the steps before the job's state done and the rest to do", () => {
    expect(statuses({ state: "spawning", pid: null, port: null })).toEqual(["spawning:current", "waiting-port:todo", "probing:todo", "listed:todo"]);
    expect(statuses({ state: "probing", pid: 1, port: 2 })).toEqual(["spawning:done", "waiting-port:done", "probing:current", "listed:todo"]);
    expect(statuses({ state: "listed", pid: 1, port: 2 })).toEqual(["spawning:done", "waiting-port:done", "probing:done", "listed:done"]);
  });

  it("a failed or cancelled job marks the step it stopped at", () => {
    expect(statuses({ state: "failed", pid: null, port: null })).toEqual(["spawning:failed", "waiting-port:todo", "probing:todo", "listed:todo"]);
    expect(statuses({ state: "failed", pid: 9, port: null })).toEqual(["spawning:done", "waiting-port:failed", "probing:todo", "listed:todo"]);
    expect(statuses({ state: "cancelled", pid: 9, port: 5 })).toEqual(["spawning:done", "waiting-port:done", "probing:failed", "listed:todo"]);
  });

  it("says whole seconds and knows the end states", () => {
    expect(elapsedWords(0)).toBe("0 s");
    expect(elapsedWords(12_999)).toBe("12 s");
    expect(["spawning", "waiting-port", "probing", "listed", "failed", "cancelled"].filter((s) => jobEnded(s as never))).toEqual([
      "listed",
      "failed",
      "cancelled",
    ]);
  });
});
