import { describe, expect, it } from "vitest";
import { instanceEntry } from "../../store/test-fixtures";
import type { InstanceEntry } from "../../store/types";
import { assignHues, INSTANCE_HUES } from "./instance-colour";

const server = (id: string, directory: string, port: number): InstanceEntry => {
  const entry = instanceEntry(id, directory);
  return { ...entry, info: { ...entry.info, port } };
};

const a = server("a", "/home/me/api", 4101);
const b = server("b", "/home/me/web", 4102);
const c = server("c", "/home/me/docs", 4103);
const early = server("early", "/home/me/aaa", 4104);

describe("instance colours", () => {
  it("stay with their server while other servers come and go", () => {
    const remembered = new Map<string, number>();
    const first = assignHues([a, b, c], remembered);
    const hueOf = (hues: Map<string, number>, id: string) => hues.get(id);
    // A server sorting before the others arrives, one leaves, the first comes back.
    const withEarly = assignHues([early, a, b, c], remembered);
    const withoutA = assignHues([early, b, c], remembered);
    for (const id of ["b", "c"]) {
      expect(hueOf(withEarly, id)).toBe(hueOf(first, id));
      expect(hueOf(withoutA, id)).toBe(hueOf(first, id));
    }
    expect(hueOf(withEarly, "a")).toBe(hueOf(first, "a"));
  });

  it("are the same on a fresh page whatever order the servers are listed in", () => {
    const one = assignHues([a, b], new Map());
    const other = assignHues([b, a], new Map());
    expect(one.get("a")).toBe(other.get("a"));
    expect(one.get("b")).toBe(other.get("b"));
  });

  it("keep their hue when the server restarts with a new id on the same folder and port", () => {
    const remembered = new Map<string, number>();
    const before = assignHues([a, b], remembered).get("a");
    assignHues([b], remembered);
    expect(assignHues([b, { ...a, info: { ...a.info, id: "a2" } }], remembered).get("a2")).toBe(before);
  });

  it("differ while there are fewer servers than hues", () => {
    const servers = INSTANCE_HUES.map((_, i) => server(`s${i}`, `/home/me/p${i}`, 5000 + i));
    const hues = assignHues(servers, new Map());
    expect(new Set(hues.values()).size).toBe(servers.length);
  });

  it("never use red, orange or yellow, which read as errors and warnings", () => {
    for (const hue of INSTANCE_HUES) expect(hue >= 75 && hue <= 330, `hue ${hue}`).toBe(true);
  });
});
