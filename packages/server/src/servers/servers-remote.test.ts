/** The whole hub in remote mode (gate, signed-in device): the folder browser and server start answer 403. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRemoteHub, type RemoteHub } from "../test-support/remote-hub.js";

let hub: RemoteHub;
beforeAll(async () => {
  hub = await startRemoteHub();
});
afterAll(async () => {
  await hub?.close();
});

describe("servers routes behind the remote gate", () => {
  it("refuses a signed-in device the folder browser and starting a server", async () => {
    const cookie = await hub.signIn();
    const folders = await fetch(`${hub.base}/api/folders?path=`, { headers: { cookie } });
    expect(folders.status).toBe(403);
    expect(await folders.json()).toMatchObject({ ok: false, reason: "remote" });
    const start = await fetch(`${hub.base}/api/servers`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: hub.base },
      body: JSON.stringify({ directory: "/tmp" }),
    });
    expect(start.status).toBe(403);
    expect(await start.json()).toMatchObject({ reason: "remote" });
    const job = await fetch(`${hub.base}/api/servers/jobs`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: hub.base },
      body: JSON.stringify({ directory: "/tmp" }),
    });
    expect(job.status).toBe(403);
    expect(await job.json()).toMatchObject({ reason: "remote" });
  });
});
