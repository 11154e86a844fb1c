import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "../../test/fake-event-source";
import type { InstancesDocument } from "../api/hub-types";
import { HUB_LOST, makeHubConnection } from "./hub-connection";

const doc = (ids: string[]): InstancesDocument => ({
  instances: ids.map((id) => ({ id }) as InstancesDocument["instances"][number]),
  unreachable: [],
  scan: { at: "2026-01-01T00:00:00Z", durationMs: 1, method: "procfs", error: null },
});

function setup(fetched: Promise<InstancesDocument>) {
  const docs: string[][] = [];
  const states: Array<[string, string | null]> = [];
  const stop = makeHubConnection({
    client: { instances: () => fetched },
    onDocument: (d) => docs.push(d.instances.map((i) => i.id)),
    onState: (s, e) => states.push([s, e]),
    EventSourceImpl: FakeEventSource,
    random: () => 0.5,
  });
  return { stop, docs, states };
}

describe("makeHubConnection", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.reset();
  });
  afterEach(() => vi.useRealTimers());

  it("shows the fetched list first, then every streamed document", async () => {
    const { stop, docs, states } = setup(Promise.resolve(doc(["a"])));
    expect(FakeEventSource.latest().url).toBe("/api/instances/stream");
    await vi.advanceTimersByTimeAsync(0);
    expect(docs).toEqual([["a"]]);
    FakeEventSource.latest().send(doc(["a", "b"]));
    FakeEventSource.latest().fireMessage("not json");
    FakeEventSource.latest().send({ hello: 1 });
    expect(docs).toEqual([["a"], ["a", "b"]]);
    expect(states.at(-1)).toEqual(["connected", null]);
    stop();
  });

  it("ignores a fetch answer that arrives after the stream spoke", async () => {
    let resolve!: (d: InstancesDocument) => void;
    const { stop, docs } = setup(new Promise((r) => (resolve = r)));
    FakeEventSource.latest().send(doc(["new"]));
    resolve(doc(["old"]));
    await vi.advanceTimersByTimeAsync(0);
    expect(docs).toEqual([["new"]]);
    stop();
  });

  it("says the hub was lost and reconnects on backoff", async () => {
    const { stop, states } = setup(new Promise(() => {}));
    const first = FakeEventSource.latest();
    first.fireError();
    expect(first.closed).toBe(true);
    expect(states.at(-1)).toEqual(["error", HUB_LOST]);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.latest().fireError();
    vi.advanceTimersByTime(1_999);
    expect(FakeEventSource.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    FakeEventSource.latest().send(doc([]));
    expect(states.at(-1)).toEqual(["connected", null]);
    stop();
  });

  it("cleans up the stream and the retry timer", () => {
    const { stop } = setup(new Promise(() => {}));
    FakeEventSource.latest().fireError();
    stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(FakeEventSource.open()).toHaveLength(0);
  });
});
