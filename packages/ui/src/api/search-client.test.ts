import { describe, expect, it } from "vitest";
import { fakeFetch } from "./fake-fetch";
import { makeSearchClient, searchQueryString } from "./search-client";

describe("search client", () => {
  it("asks GET /api/search with only the given fields, and the indexed session by encoded id", async () => {
    const { fetchImpl, calls } = fakeFetch((call) =>
      Response.json(call.url.includes("/session/") ? { sessionId: "a/b", messages: [] } : { results: [], next: null }),
    );
    const client = makeSearchClient({ fetchImpl });
    await client.search({ q: "two words", limit: 8, cursor: undefined, role: "user" });
    await client.session("a/b");
    expect(calls.map((c) => c.url)).toEqual(["/api/search?q=two+words&limit=8&role=user", "/api/search/session/a%2Fb"]);
    expect(searchQueryString({ q: "x", directory: "" })).toBe("q=x");
  });

  it("turns a refusal into words with the hub's reason", async () => {
    const { fetchImpl } = fakeFetch(() => Response.json({ ok: false, reason: "bad-query", message: "limit must be 1–100" }, { status: 400 }));
    await expect(makeSearchClient({ fetchImpl }).search({ q: "x", limit: 500 })).rejects.toThrow(/refused the search \(400\): limit must be 1–100/);
  });
});
