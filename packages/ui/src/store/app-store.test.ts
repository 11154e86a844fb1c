import { createEffect, createRoot } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Instance, InstancesDocument } from "@switchboard/server/contract";
import { createAppStore, type AppStore } from "./app-store";
import { resolveInstanceId } from "./instance-route";
import { assistantMessage, event, hubInstance, session, textPart, userMessage } from "./test-fixtures";
import type { Part, TextPart } from "./types";

const DIR = "/home/dev/src/alpha";
const S = "ses_e03650c65ffefallanY8GonvrT";
const A = "msg_1fc9af66f001TGSrXMRCXcrD05";
const P = "prt_1fc9af974001VzBVCs4E37hPeS";

/** A hub instance in DIR unless told otherwise. */
function instance(id: string, directory: string | null = DIR): Instance {
  return hubInstance(id, directory);
}

function doc(...instances: Instance[]): InstancesDocument {
  return { instances, unreachable: [], scan: { at: "2026-11-21T05:00:00.000Z", durationMs: 5, method: "procfs", error: null } };
}

let store: AppStore;
beforeEach(() => {
  vi.useFakeTimers();
  store = createAppStore({ goneRetentionMs: 30_000 });
});
afterEach(() => {
  store.dispose();
  vi.useRealTimers();
});

describe("createAppStore: hub documents", () => {
  it("adds new instances as connecting and keeps the connection of known ones", () => {
    const { state, mutations } = store;
    mutations.setHubDocument(doc(instance("a")));
    expect(state.instances.a?.connection.state).toBe("connecting");
    mutations.setConnection("a", { state: "connected", attempt: 0, nextRetryAt: null, error: null });
    mutations.setHubDocument(doc(instance("a"), instance("b", "/other")));
    expect(state.instances.a?.connection.state).toBe("connected");
    expect(state.instances.b?.connection.state).toBe("connecting");
    expect(state.scan?.method).toBe("procfs");
  });

  it("marks a vanished instance gone/offline, then drops it after the retention", () => {
    const { state, mutations } = store;
    mutations.setHubDocument(doc(instance("a")));
    mutations.upsertSession("a", session(S, DIR));
    mutations.setHubDocument(doc());
    expect(state.instances.a).toMatchObject({ gone: true, connection: { state: "offline" } });
    vi.advanceTimersByTime(30_000);
    expect(state.instances.a).toBeUndefined();
    expect(state.sessions[S]?.seenBy).toEqual([]);
  });

  it("keeps other machines and nearby Switchboards; drops a removed server by URL and a removed machine's instances at once", () => {
    const { state, mutations } = store;
    const laptop = { id: "mb", name: "laptop", url: "http://10.0.0.2:7420", status: "connected" as const, error: null };
    const peer = { ...instance("m-mb-1", "/srv/p"), origin: "peer" as const, machine: { id: "mb", name: "laptop" } };
    const byUrl = { ...instance("url-1", "/srv/u"), origin: "url" as const, machine: null };
    const exited = { ...instance("m-mb-2", "/srv/q"), origin: "peer" as const, machine: { id: "mb", name: "laptop" } };
    mutations.setHubDocument({ ...doc(peer, byUrl, exited), machines: [laptop], nearby: [{ name: "desk", url: "http://10.0.0.9:7420" }] });
    expect(state.machines).toEqual([laptop]);
    expect(state.nearby).toEqual([{ name: "desk", url: "http://10.0.0.9:7420" }]);
    // One of B's processes exits: its tab says so for a while, like this machine's.
    mutations.setHubDocument({ ...doc(peer, byUrl), machines: [laptop] });
    expect(state.instances["m-mb-2"]?.gone).toBe(true);
    // The server by URL is removed: gone at once.
    mutations.setHubDocument({ ...doc(peer), machines: [laptop] });
    expect(state.instances["url-1"]).toBeUndefined();
    // The machine is removed: its instances go with it.
    mutations.setHubDocument(doc());
    expect(state.instances["m-mb-1"]).toBeUndefined();
    expect(state.machines).toEqual([]);
    expect(state.nearby).toEqual([]);
  });

  it("a new instance in the same directory replaces the gone one at once", () => {
    const { state, mutations } = store;
    mutations.setHubDocument(doc(instance("a")));
    mutations.setHubDocument(doc());
    mutations.setHubDocument(doc(instance("a2")));
    expect(Object.keys(state.instances)).toEqual(["a2"]);
    // A route naming the exited process selects its successor, also after a second restart.
    expect(resolveInstanceId(state, "a")).toBe("a2");
    mutations.setHubDocument(doc());
    mutations.setHubDocument(doc(instance("a3")));
    expect(resolveInstanceId(state, "a")).toBe("a3");
    expect(resolveInstanceId(state, "a2")).toBe("a3");
    expect(resolveInstanceId(state, "a3")).toBe("a3");
    expect(resolveInstanceId(state, "unknown")).toBe("all");
    expect(resolveInstanceId(state, "all")).toBe("all");
  });

  it("an instance that comes back before the retention ends is live again", () => {
    const { state, mutations } = store;
    mutations.setHubDocument(doc(instance("a")));
    mutations.setHubDocument(doc());
    mutations.setHubDocument(doc(instance("a")));
    vi.advanceTimersByTime(60_000);
    expect(state.instances.a).toMatchObject({ gone: false, connection: { state: "connecting" } });
  });
});

describe("createAppStore: events and counters", () => {
  it("applies a batch, counting events, unknown types and the last frame time", () => {
    const { state, mutations } = store;
    mutations.setHubDocument(doc(instance("a")));
    mutations.applyEvents([
      event("a", "session.created", { info: session(S, DIR) }, 100),
      event("a", "plugin.added", {}, 101),
      event("a", "session.status", { sessionID: S, status: { type: "busy" } }, 102),
    ]);
    expect(state.sessions[S]?.liveOwner).toEqual({ instanceId: "a", at: 102 });
    expect(state.status[S]).toEqual({ type: "busy" });
    expect(state.instances.a?.counters).toEqual({ events: 3, errors: 0, unknown: 1, lastEventAt: 102 });
    mutations.countFrame("a", "heartbeat", 200);
    mutations.countFrame("a", "error", 201);
    expect(state.instances.a?.counters).toEqual({ events: 3, errors: 1, unknown: 1, lastEventAt: 201 });
  });

  it("streams deltas into the same part object, so views update in place", () => {
    const { state, mutations } = store;
    const seen: string[] = [];
    mutations.applyEvents([
      event("a", "message.updated", { info: assistantMessage(A, S, "msg_0") }),
      event("a", "message.part.updated", { part: textPart(P, A, S, "") }),
    ]);
    const part = state.parts[A]?.[0] as Part & { text: string };
    const dispose = createRoot((done) => {
      createEffect(() => seen.push(part.text));
      return done;
    });
    mutations.applyEvents([
      event("a", "message.part.delta", { messageID: A, partID: P, field: "text", delta: "Hello " }),
      event("a", "message.part.delta", { messageID: A, partID: P, field: "text", delta: "world" }),
    ]);
    mutations.applyEvents([event("a", "message.part.updated", { part: textPart(P, A, S, "Hello world.") })]);
    expect(state.parts[A]?.[0]).toBe(part);
    dispose();
    // One effect run per batch: the initial value, the two-delta batch, the final replacement.
    expect(seen).toEqual(["", "Hello world", "Hello world."]);
  });
});

describe("createAppStore: messages", () => {
  it("an optimistic message survives a resync and yields to the server's parts", () => {
    const { state, mutations } = store;
    const U = "msg_1fc9af409001CsFThvgSC4JGPr";
    mutations.addOptimisticMessage(S, userMessage(U, S), [textPart("prt_client", U, S, "Read the README")]);
    mutations.reconcileMessages("a", S, { messages: [], cursor: null }, "latest");
    expect(state.messages[S]?.map((m) => m.id)).toEqual([U]);
    mutations.applyEvents([event("a", "message.part.updated", { part: textPart("prt_server", U, S, "Read the README") })]);
    expect(state.parts[U]?.map((p) => p.id)).toEqual(["prt_server"]);
    mutations.removeMessage(S, U);
    expect(state.messages[S]).toEqual([]);
    expect(state.parts[U]).toBeUndefined();
  });

  it("keeps the typed text of an @file prompt when the server adds its synthetic parts after echoing ours", () => {
    const { state, mutations } = store;
    const U = "msg_1fc9af409001CsFThvgSC4JGPr";
    const typed = textPart("prt_1fc9af409002typedtext0001", U, S, "Summarise @README.md please");
    mutations.addOptimisticMessage(S, userMessage(U, S), [typed]);
    // OpenCode stores our text part (our id), then the Read tool's synthetic text (its own id).
    mutations.applyEvents([event("a", "message.part.updated", { part: typed })]);
    const synthetic = {
      ...(textPart("prt_1fc9af409003serverside001", U, S, "Called the Read tool with the following input: …") as TextPart),
      synthetic: true,
    };
    mutations.applyEvents([event("a", "message.part.updated", { part: synthetic })]);
    expect(state.parts[U]?.map((p) => (p.type === "text" ? p.text : p.type))).toEqual([(typed as TextPart).text, synthetic.text]);
  });

  it("reconcileInstance through the store clears a stale busy status", () => {
    const { state, mutations } = store;
    mutations.setHubDocument(doc(instance("a")));
    mutations.applyEvents([
      event("a", "session.created", { info: session(S, DIR) }),
      event("a", "session.status", { sessionID: S, status: { type: "busy" } }),
    ]);
    mutations.reconcileInstance("a", { directory: DIR, sessions: [session(S, DIR)], status: {}, permissions: [], questions: [] });
    expect(state.status).toEqual({});
    mutations.setHubState("connected", null);
    expect(state.hub).toEqual({ state: "connected", error: null });
  });
});
