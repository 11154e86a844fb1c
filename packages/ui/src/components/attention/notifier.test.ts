import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TONE_START_MS, beep } from "./notifier";

/** A stand-in for the browser's AudioContext: records the tone, starts (or not) as the browser would. */
class FakeAudio {
  static made: FakeAudio[] = [];
  static allowed = true;
  state: AudioContextState = FakeAudio.allowed ? "running" : "suspended";
  currentTime = 0;
  destination = {};
  started = 0;
  osc: { onended: (() => void) | null } | null = null;
  constructor() {
    FakeAudio.made.push(this);
  }
  createOscillator() {
    const osc = {
      frequency: { value: 0 },
      onended: null as (() => void) | null,
      connect: (node: unknown) => node,
      start: () => void this.started++,
      stop: () => undefined,
    };
    this.osc = osc;
    return osc;
  }
  createGain() {
    return { gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined }, connect: (node: unknown) => node };
  }
  close() {
    this.state = "closed";
    return Promise.resolve();
  }
}

describe("notification sound", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeAudio.made = [];
    vi.stubGlobal("AudioContext", FakeAudio);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("plays one tone and closes its context when the tone ends", () => {
    FakeAudio.allowed = true;
    beep();
    const [audio] = FakeAudio.made;
    expect(FakeAudio.made).toHaveLength(1);
    expect(audio?.started).toBe(1);
    vi.advanceTimersByTime(TONE_START_MS);
    expect(audio?.state).toBe("running");
    audio?.osc?.onended?.();
    expect(audio?.state).toBe("closed");
  });

  it("closes a context the browser kept suspended (no gesture on the page yet) instead of keeping it", () => {
    FakeAudio.allowed = false;
    beep();
    beep();
    expect(FakeAudio.made.map((a) => a.state)).toEqual(["suspended", "suspended"]);
    vi.advanceTimersByTime(TONE_START_MS - 1);
    expect(FakeAudio.made.map((a) => a.state)).toEqual(["suspended", "suspended"]);
    vi.advanceTimersByTime(1);
    expect(FakeAudio.made.map((a) => a.state)).toEqual(["closed", "closed"]);
  });
});
