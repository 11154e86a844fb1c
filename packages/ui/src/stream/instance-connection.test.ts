import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource } from "../../test/fake-event-source";
import type { ConnectionInfo } from "../store/types";
import { makeInstanceConnection, type InstanceConnectionOptions } from "./instance-connection";

const URL_ = "http://127.0.0.1:4096/global/event";
const CONNECTED = JSON.stringify({ payload: { type: "server.connected", properties: {} } });
const HEARTBEAT = JSON.stringify({ payload: { type: "server.heartbeat", properties: {} } });

function setup(overrides: Partial<InstanceConnectionOptions> = {}) {
  const states: ConnectionInfo[] = [];
  const frames: string[] = [];
  const onConnected = vi.fn();
  const conn = makeInstanceConnection({
    instanceId: "i1",
    eventsUrl: URL_,
    heartbeats: true,
    onFrame: (data) => frames.push(data),
    onState: (info) => states.push(info),
    onConnected,
    EventSourceImpl: FakeEventSource,
    random: () => 0.5, // no jitter: delays are exactly 1 s, 2 s, 4 s …
    ...overrides,
  });
  const last = () => states[states.length - 1];
  return { conn, states, frames, onConnected, last };
}

describe("makeInstanceConnection", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("connects: connecting, then connected on the first frame, which triggers a resync", () => {
    const { conn, last, frames, onConnected } = setup();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.latest().url).toBe(URL_);
    expect(last()?.state).toBe("connecting");
    FakeEventSource.latest().fireOpen();
    expect(last()?.state).toBe("connecting");
    FakeEventSource.latest().fireMessage(CONNECTED);
    expect(last()).toEqual({ state: "connected", attempt: 0, nextRetryAt: null, error: null });
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(frames).toEqual([CONNECTED]);
    FakeEventSource.latest().fireMessage(HEARTBEAT);
    expect(onConnected).toHaveBeenCalledTimes(1);
    conn.close();
  });

  it("on error closes the source and retries at 1 s, 2 s, 4 s … capped at 30 s", () => {
    const { conn, last } = setup();
    const delays: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const source = FakeEventSource.latest();
      source.fireError();
      expect(source.closed).toBe(true);
      const info = last();
      expect(info?.state).toBe("reconnecting");
      expect(info?.attempt).toBe(i);
      delays.push((info?.nextRetryAt ?? 0) - Date.now());
      const before = FakeEventSource.instances.length;
      vi.advanceTimersByTime(delays[delays.length - 1]! - 1);
      expect(FakeEventSource.instances.length).toBe(before);
      vi.advanceTimersByTime(1);
      expect(FakeEventSource.instances.length).toBe(before + 1);
      expect(last()).toMatchObject({ state: "reconnecting", attempt: i, nextRetryAt: null });
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    conn.close();
  });

  it("keeps counting attempts across short-lived connections, resets after a healthy one", () => {
    const { conn, last } = setup();
    FakeEventSource.latest().fireError();
    vi.advanceTimersByTime(1_000);
    // Connects, sends server.connected, then dies at once: not healthy.
    FakeEventSource.latest().fireMessage(CONNECTED);
    FakeEventSource.latest().fireError();
    expect(last()?.attempt).toBe(2);
    vi.advanceTimersByTime(2_000);
    FakeEventSource.latest().fireMessage(CONNECTED);
    vi.advanceTimersByTime(10_000);
    FakeEventSource.latest().fireMessage(HEARTBEAT);
    FakeEventSource.latest().fireError();
    expect(last()).toMatchObject({ state: "reconnecting", attempt: 1 });
    expect((last()?.nextRetryAt ?? 0) - Date.now()).toBe(1_000);
    conn.close();
  });

  it("marks a silent stream stalled after 25 s, closes it and reconnects", () => {
    const { conn, last, onConnected } = setup();
    const first = FakeEventSource.latest();
    first.fireMessage(CONNECTED);
    vi.advanceTimersByTime(20_000);
    first.fireMessage(HEARTBEAT); // frames push the watchdog back
    vi.advanceTimersByTime(24_999);
    expect(last()?.state).toBe("connected");
    vi.advanceTimersByTime(1);
    expect(last()).toMatchObject({ state: "stalled", attempt: 1 });
    expect(first.closed).toBe(true);
    vi.advanceTimersByTime(1_000);
    const second = FakeEventSource.latest();
    expect(second).not.toBe(first);
    second.fireMessage(CONNECTED);
    expect(last()?.state).toBe("connected");
    expect(onConnected).toHaveBeenCalledTimes(2);
    conn.close();
  });

  it("applies the watchdog to a legacy stream only until its first frame (1.0.x sends no heartbeats)", () => {
    const { conn, last } = setup({ heartbeats: false });
    FakeEventSource.latest().fireMessage(JSON.stringify({ type: "server.connected", properties: {} }));
    vi.advanceTimersByTime(120_000);
    expect(last()?.state).toBe("connected");
    expect(vi.getTimerCount()).toBe(0);
    conn.close();

    const hung = setup({ heartbeats: false });
    vi.advanceTimersByTime(25_000);
    expect(hung.last()?.state).toBe("stalled");
    hung.conn.close();
  });

  it("checkNow skips the backoff wait", () => {
    const { conn, last } = setup();
    FakeEventSource.latest().fireError();
    FakeEventSource.latest().fireError(); // a stale source's late error changes nothing
    vi.advanceTimersByTime(1_000);
    FakeEventSource.latest().fireError();
    expect(last()).toMatchObject({ state: "reconnecting", attempt: 2 });
    const count = FakeEventSource.instances.length;
    conn.checkNow();
    expect(FakeEventSource.instances.length).toBe(count + 1);
    expect(last()).toMatchObject({ state: "reconnecting", attempt: 2, nextRetryAt: null });
    expect(vi.getTimerCount()).toBe(1); // only the connect watchdog, the backoff timer is gone
    FakeEventSource.latest().fireMessage(CONNECTED);
    expect(last()?.state).toBe("connected");
    conn.checkNow(); // healthy: nothing to do
    expect(FakeEventSource.instances.length).toBe(count + 1);
    conn.close();
  });

  it("checkNow replaces a stream that went silent while timers were throttled", () => {
    let clock = 1_000_000;
    const { conn, last } = setup({ now: () => clock });
    FakeEventSource.latest().fireMessage(CONNECTED);
    clock += 60_000; // the tab slept: the watchdog timer never ran
    const before = FakeEventSource.instances.length;
    conn.checkNow();
    expect(FakeEventSource.instances.length).toBe(before + 1);
    expect(FakeEventSource.instances[before - 1]?.closed).toBe(true);
    expect(last()?.state).toBe("reconnecting");
    conn.close();
  });

  it("close() closes the source and leaves no timers, in every state", () => {
    const a = setup();
    a.conn.close();
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);

    const b = setup();
    FakeEventSource.latest().fireError();
    expect(vi.getTimerCount()).toBe(1);
    b.conn.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.open()).toHaveLength(0);

    const c = setup();
    FakeEventSource.latest().fireMessage(CONNECTED);
    c.conn.close();
    c.conn.checkNow();
    expect(vi.getTimerCount()).toBe(0);
    expect(FakeEventSource.open()).toHaveLength(0);
  });
});
