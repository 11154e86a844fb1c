import { describe, expect, it } from "vitest";
import { processTerm, queryTerms, tokenize } from "./tokens.js";

describe("tokens", () => {
  it("splits paths, code and punctuation into words; keeps camelCase identifiers whole", () => {
    expect(tokenize("src/auth/login.ts: getUserById(id) → déjà_vu 42")).toEqual([
      "src",
      "auth",
      "login",
      "ts",
      "getUserById",
      "id",
      "déjà",
      "vu",
      "42",
    ]);
  });

  it("lower-cases, drops stop words and blobs longer than 40 letters", () => {
    expect(processTerm("Kafka")).toBe("kafka");
    expect(processTerm("The")).toBeNull();
    expect(processTerm("a".repeat(41))).toBeNull();
    expect(queryTerms("the Kafka and kafka partition")).toEqual(["kafka", "partition"]);
  });
});
