/**
 * Desktop notifications: one per attention event (see store/attention-events.ts), none for the session
 * in view while the page is visible, none repeated (keys remembered for the tab's life, also across a
 * reload via sessionStorage). Clicking one focuses the page and opens its session.
 */
import { createEffect, createMemo, on } from "solid-js";
import { attentionEvents, attentionSnapshot, type AttentionEvent } from "../../store/attention-events";
import type { State } from "../../store/types";
import type { AttentionSettings } from "./settings";

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  state: State;
  settings: AttentionSettings;
  /** The user is looking at this session right now (its tab active in a visible page). */
  isViewing: (sessionId: string) => boolean;
  onOpen: (sessionId: string) => void;
  storage?: Storage | null;
}

const KEY = "switchboard.notified";
const KEEP = 500;

/** Watches the store and notifies; everything is derived from the store, nothing polls. */
export function createNotifier(options: NotifierOptions): void {
  const storage = options.storage === undefined ? (typeof sessionStorage === "undefined" ? null : sessionStorage) : options.storage;
  const delivered = new Set<string>(load(storage));
  const snapshot = createMemo(() => attentionSnapshot(options.state));
  createEffect(
    on(snapshot, (next, previous) => {
      if (!previous) return;
      const events = attentionEvents(previous, next, options.state);
      if (events.length === 0) return;
      let changed = false;
      for (const event of events) {
        if (delivered.has(event.key)) continue;
        delivered.add(event.key);
        changed = true;
        if (!options.settings.notifications() || options.isViewing(event.sessionId)) continue;
        show(event, options);
      }
      if (changed) save(storage, delivered);
    }),
  );
}

function show(event: AttentionEvent, options: NotifierOptions): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  try {
    const n = new Notification(event.title, { body: event.body, tag: event.key, data: { sessionId: event.sessionId } });
    n.onclick = () => {
      window.focus();
      options.onOpen(event.sessionId);
      n.close();
    };
    if (options.settings.sound()) beep();
  } catch (err) {
    console.error("could not show a notification", err);
  }
}

/** How long a tone's context may wait to start before it is given up (the tone lasts 0.25 s). */
export const TONE_START_MS = 1000;

/**
 * A short, quiet tone (WebAudio; no file to load). Before the user's first gesture on the page the
 * browser keeps a new context suspended (autoplay policy): that tone never plays nor ends, so its
 * context is closed after {@link TONE_START_MS} rather than kept for the page's life.
 */
export function beep(): void {
  try {
    const audio = new AudioContext();
    setTimeout(() => {
      if (audio.state === "suspended") void audio.close();
    }, TONE_START_MS);
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
    osc.onended = () => void audio.close();
  } catch (err) {
    console.error("could not play the notification sound", err);
  }
}

function load(storage: Storage | null): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

function save(storage: Storage | null, keys: Set<string>): void {
  try {
    storage?.setItem(KEY, JSON.stringify([...keys].slice(-KEEP)));
  } catch (err) {
    console.error("could not remember the notifications shown", err);
  }
}
