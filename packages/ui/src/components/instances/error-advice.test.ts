import { describe, expect, it } from "vitest";
import { errorAdvice } from "./error-advice";

describe("errorAdvice", () => {
  it("explains the shared-data-folder database clash and how to fix it", () => {
    const advice = errorAdvice({ version: "1.14.41", error: "DrizzleError: Failed to run the query 'CREATE TABLE project' …" });
    expect(advice.problem).toContain("OpenCode 1.14.41");
    expect(advice.problem).toMatch(/versions that share one data folder are incompatible/);
    expect(advice.fix).toContain("XDG_DATA_HOME");
    expect(advice.fix).toMatch(/one OpenCode version/);
  });

  it("gives general advice for other errors, and copes with no version or message", () => {
    expect(errorAdvice({ version: "1.18.33", error: "GET /project answered 503" })).toEqual({
      problem: "OpenCode 1.18.33 is running but its API answers errors.",
      fix: expect.stringContaining("restart it"),
    });
    expect(errorAdvice({ version: null, error: null }).problem).toBe("This OpenCode is running but its API answers errors.");
  });
});
