import { describe, expect, it } from "vitest";
import { adapterFor } from "../adapters";
import type { OpenCodeClient } from "../api/opencode-client";
import { instanceEntry, session, stateWithSession } from "../store/test-fixtures";
import type { InstanceEntry, StoreMutations } from "../store/types";
import { newLiveInstance, type LiveInstance } from "./engine-types";
import type { InstanceConnection } from "./instance-connection";
import { makeResync, type ResyncDeps } from "./resync";

const DIR = "/home/dev/src/alpha";

/** A connected instance whose client answers empty lists and records which sessions' pages it was asked for. */
function live(entry: InstanceEntry, asked: string[]): LiveInstance {
  const client = {
    listSessions: () => Promise.resolve([]),
    sessionStatus: () => Promise.resolve({}),
    listPermissions: () => Promise.resolve([]),
    listQuestions: () => Promise.resolve([]),
    messages: (sessionId: string) => {
      asked.push(sessionId);
      return Promise.resolve({ messages: [], cursor: null });
    },
  } as unknown as OpenCodeClient;
  const connection = { info: () => entry.connection } as unknown as InstanceConnection;
  const adapter = adapterFor(entry.info.protocol);
  return newLiveInstance({
    info: entry.info,
    adapter,
    normalizer: adapter.normalizer(entry.info.id),
    client,
    ops: {} as LiveInstance["ops"],
    connection,
  });
}

/** The resync over `state` with inert queue, timers and clock. */
function resyncOver(over: Pick<ResyncDeps, "state" | "mutations" | "shown"> & Partial<ResyncDeps>) {
  return makeResync({
    queue: { flush: () => undefined },
    timers: { setTimeout: () => null, clearTimeout: () => undefined },
    now: () => 0,
    random: () => 0,
    disposed: () => false,
    onSettled: () => undefined,
    ...over,
  });
}

describe("resync reloads the open sessions its instance owns (store/ownership.ts decides)", () => {
  it("reloads a session whose last streamer is offline but not yet dropped from the instance that took over", async () => {
    const state = stateWithSession("a", session("ses_1", DIR));
    state.sessions.ses_1!.liveOwner = { instanceId: "a", at: 5 };
    const a = instanceEntry("a", DIR, { connection: { state: "offline", attempt: 0, nextRetryAt: null, error: "gone quiet" } });
    const b = instanceEntry("b", DIR);
    state.instances = { a, b };
    const reloaded: string[] = [];
    const mutations = new Proxy({}, { get: () => () => undefined }) as StoreMutations;
    const { resync } = resyncOver({ state, mutations, shown: () => new Set(["ses_1"]) });

    await resync(live(b, reloaded));
    expect(reloaded).toEqual(["ses_1"]);

    // Back online, the streamer owns it again, and the other instance leaves it alone.
    state.instances.a = instanceEntry("a", DIR);
    reloaded.length = 0;
    await resync(live(b, reloaded));
    expect(reloaded).toEqual([]);
    await resync(live(state.instances.a, reloaded));
    expect(reloaded).toEqual(["ses_1"]);
  });
});

describe("the other servers' resyncs wait for the opened session to be shown", () => {
  it("a server listing none of the shown sessions applies its lists only once the open was shown; its owner at once", async () => {
    const state = stateWithSession("a", session("ses_other", DIR));
    const a = instanceEntry("a", DIR);
    const b = instanceEntry("b", "/home/dev/src/beta");
    state.instances = { a, b };
    const applied: string[] = [];
    const mutations = new Proxy(
      {},
      { get: (_t, name) => (id: unknown) => (name === "reconcileInstance" ? applied.push(String(id)) : undefined) },
    ) as StoreMutations;
    let shownNow!: () => void;
    const shownPromise = new Promise<void>((resolve) => (shownNow = resolve));
    const { resync } = resyncOver({ state, mutations, shown: () => new Set(["ses_open"]), sessionShown: () => shownPromise });
    const owner = live(a, []);
    owner.client.listSessions = () => Promise.resolve([session("ses_open", DIR)]);
    const other = resync(live(b, []));
    await resync(owner);
    expect(applied).toEqual(["a"]);
    shownNow();
    await other;
    expect(applied).toEqual(["a", "b"]);
  });
});
