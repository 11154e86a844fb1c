import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { ApiError } from "../../api/api-error";
import { makeRemoteDevicesClient, type RemoteDevicesClient, type SignedInDevice } from "../../api/remote-devices";
import { ago, mountSignedInDevices, SignedInDevices } from "./signed-in-devices";

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

const NOW = 10 * 86_400_000;
const device = (over: Partial<SignedInDevice>): SignedInDevice => ({
  id: "dev-1",
  device: "Chrome on Android",
  address: "192.168.1.7",
  signedInAt: NOW - 3 * 3_600_000,
  lastSeenAt: NOW - 5 * 60_000,
  expiresAt: NOW + 86_400_000,
  current: false,
  ...over,
});

function fakeClient(list: SignedInDevice[]): RemoteDevicesClient & { calls: string[] } {
  const calls: string[] = [];
  let current = list;
  return {
    calls,
    list: async () => current,
    signOut: async (id) => {
      calls.push(`signOut ${id}`);
      current = current.filter((d) => d.id !== id);
    },
    signOutEverywhere: async () => {
      calls.push("everywhere");
    },
  };
}

describe("<SignedInDevices>", () => {
  it("lists the devices and signs another one out", async () => {
    const client = fakeClient([device({}), device({ id: "dev-2", device: "Firefox on Linux", current: true })]);
    render(() => (
      <SignedInDevices client={client} initial={[device({}), device({ id: "dev-2", device: "Firefox on Linux", current: true })]} now={() => NOW} />
    ));
    screen.getByRole("button", { name: "Devices" }).click();
    const panel = await screen.findByRole("dialog", { name: "Signed-in devices" });
    expect(panel).toHaveTextContent("Chrome on Android");
    expect(panel).toHaveTextContent("192.168.1.7 · signed in 3 h ago · seen 5 min ago");
    expect(panel).toHaveTextContent("Firefox on Linux (this device)");
    screen.getByRole("button", { name: "Sign out Chrome on Android" }).click();
    await waitFor(() => expect(screen.queryByText("Chrome on Android")).toBeNull());
    expect(client.calls).toEqual(["signOut dev-1"]);
  });

  it("signs out everywhere after a confirmation, then says how to get back in", async () => {
    const client = fakeClient([device({ current: true })]);
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    render(() => <SignedInDevices client={client} initial={[device({ current: true })]} now={() => NOW} />);
    screen.getByRole("button", { name: "Devices" }).click();
    (await screen.findByRole("button", { name: "Sign out everywhere" })).click();
    expect(await screen.findByRole("status")).toHaveTextContent(/signed out.*sign-in link/);
    expect(client.calls).toEqual(["everywhere"]);
    expect(confirm).toHaveBeenCalled();
    confirm.mockRestore();
  });

  it("shows a refusal in words", async () => {
    const client = {
      ...fakeClient([device({})]),
      signOut: async () => Promise.reject(new ApiError("the Switchboard hub refused to sign that device out (403)", 403, "")),
    };
    render(() => <SignedInDevices client={client} initial={[device({})]} now={() => NOW} />);
    screen.getByRole("button", { name: "Devices" }).click();
    (await screen.findByRole("button", { name: "Sign out Chrome on Android" })).click();
    expect(await screen.findByRole("alert")).toHaveTextContent("refused to sign that device out (403)");
  });
});

describe("mountSignedInDevices", () => {
  it("shows nothing on loopback (the hub has no devices API) and the button in remote mode", async () => {
    const answer = (status: number, body: unknown) => async () =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    await mountSignedInDevices(document.body, makeRemoteDevicesClient({ fetchImpl: answer(404, { ok: false, reason: "not-found" }) }));
    expect(screen.queryByRole("button", { name: "Devices" })).toBeNull();
    await mountSignedInDevices(
      document.body,
      makeRemoteDevicesClient({ fetchImpl: answer(200, { ok: true, sessions: [device({ current: true })] }) }),
    );
    expect(screen.getByRole("button", { name: "Devices" })).toBeInTheDocument();
  });

  it("tells a signed-out device what to do instead of asking for a password", async () => {
    const client = makeRemoteDevicesClient({ fetchImpl: async () => new Response('{"ok":false,"reason":"signed-out"}', { status: 401 }) });
    await expect(client.signOut("x")).rejects.toThrow(/This device is signed out/);
  });

  it("words times", () => {
    expect(ago(NOW - 10_000, NOW)).toBe("just now");
    expect(ago(NOW - 3 * 86_400_000, NOW)).toBe("3 days ago");
  });
});
