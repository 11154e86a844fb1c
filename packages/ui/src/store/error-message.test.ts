import { describe, expect, it } from "vitest";
import { errorMessage } from "./error-message";

describe("errorMessage", () => {
  it("is an Error's message, a thrown string itself, and empty for nothing", () => {
    expect(errorMessage(new Error("refused (401)"))).toBe("refused (401)");
    expect(errorMessage("timed out")).toBe("timed out");
    expect(errorMessage(undefined)).toBe("");
    expect(errorMessage(404)).toBe("404");
  });
});
