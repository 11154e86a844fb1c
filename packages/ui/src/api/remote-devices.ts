/**
 * The hub's signed-in devices API (remote mode only): list them, sign one out, sign every device
 * out. Absent on loopback, where the hub answers 404 and `list` resolves null.
 */
import { ApiError } from "./api-error";
import { readJson, send, type FetchLike, type RequestSpec } from "./http";

/** One signed-in device, as GET /api/remote/sessions lists it. */
export interface SignedInDevice {
  id: string;
  /** "Chrome on Android". */
  device: string;
  address: string;
  signedInAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** The device showing this page. */
  current: boolean;
}

/** Client of the devices API. */
export interface RemoteDevicesClient {
  /** The signed-in devices, or null when the hub is not in remote mode. */
  list(): Promise<SignedInDevice[] | null>;
  /** Signs one device out (its open pages stop at once). */
  signOut(id: string): Promise<void>;
  /** Signs every device out, this one included; the hub prints a new link in its terminal. */
  signOutEverywhere(): Promise<void>;
}

const HUB = "the Switchboard hub";
/** What a signed-out device is told. */
export const SIGNED_OUT = "This device is signed out. Open a new sign-in link from the hub's terminal (`kill -USR2 <hub pid>` prints one).";

/** Creates the client (same origin as the page). */
export function makeRemoteDevicesClient(options: { fetchImpl?: FetchLike; timeoutMs?: number } = {}): RemoteDevicesClient {
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  /** send(), with the hub's 401 told as what it means here (this device is signed out, not a password). */
  const call = async (spec: RequestSpec): Promise<Response> => {
    try {
      return await send(fetchImpl, spec);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw new ApiError(SIGNED_OUT, 401, err.detail);
      throw err;
    }
  };
  return {
    async list() {
      const spec = { method: "GET" as const, url: "/api/remote/sessions", target: HUB, what: "the signed-in devices", timeoutMs };
      try {
        return (await readJson<{ sessions: SignedInDevice[] }>(await call(spec), spec)).sessions;
      } catch (err) {
        // On loopback the route does not exist: no devices to show.
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    async signOut(id) {
      await call({
        method: "DELETE",
        url: `/api/remote/sessions/${encodeURIComponent(id)}`,
        target: HUB,
        what: "to sign that device out",
        timeoutMs,
      });
    },
    async signOutEverywhere() {
      await call({ method: "POST", url: "/api/remote/rotate", body: {}, target: HUB, what: "to sign every device out", timeoutMs });
    },
  };
}
