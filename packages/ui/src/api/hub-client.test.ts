import { describe, expect, it, vi } from "vitest";
import { makeHubClient } from "./hub-client";

const reply = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

describe("makeHubClient.submitCredentials", () => {
  it("posts the password (and username when given) and returns the ready instance", async () => {
    const fetchImpl = vi.fn(async () => reply(200, { ok: true, instance: { id: "i1", status: "ready" } }));
    const hub = makeHubClient({ fetchImpl });
    await expect(hub.submitCredentials("i/1", "pw", "me")).resolves.toEqual({ id: "i1", status: "ready" });
    expect(fetchImpl).toHaveBeenCalledWith(
      "/api/instances/i%2F1/credentials",
      expect.objectContaining({ method: "POST", body: JSON.stringify({ password: "pw", username: "me" }) }),
    );
  });

  it("rejects with the hub's own words when the server refused the password", async () => {
    const message = "OpenCode at :6421 refused that password.";
    const hub = makeHubClient({ fetchImpl: async () => reply(422, { ok: false, reason: "rejected", message }) });
    await expect(hub.submitCredentials("i1", "bad")).rejects.toMatchObject({ message, status: 422 });
  });

  it("says the hub is unreachable when the request fails", async () => {
    const hub = makeHubClient({ fetchImpl: async () => Promise.reject(new TypeError("Failed to fetch")) });
    await expect(hub.submitCredentials("i1", "pw")).rejects.toMatchObject({
      message: "Could not reach the Switchboard hub — is it still running?",
    });
  });
});
