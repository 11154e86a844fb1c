/**
 * The user's attention choices (desktop notifications, sound), kept in localStorage. They live as long
 * as the page: created once by the workspace, not by the inbox that shows the switches.
 */
import { createSignal, type Accessor } from "solid-js";

/** Notification and sound switches. */
export interface AttentionSettings {
  notifications: Accessor<boolean>;
  sound: Accessor<boolean>;
  /** The browser refused notifications (the user must allow them in site settings). */
  denied: Accessor<boolean>;
  /** Turns notifications on (asking the browser's permission, on this click) or off. */
  toggleNotifications(): Promise<void>;
  setSound(on: boolean): void;
}

const KEY = "switchboard.attention";

interface Stored {
  notifications: boolean;
  sound: boolean;
}

function read(storage: Storage | null): Stored {
  try {
    const raw = storage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === "object") {
      const p = parsed as Record<string, unknown>;
      return { notifications: p.notifications === true, sound: p.sound === true };
    }
  } catch {
    // A damaged entry means defaults.
  }
  return { notifications: false, sound: false };
}

/** The Notification API, when the browser has it. */
function api(): typeof Notification | null {
  return typeof Notification === "undefined" ? null : Notification;
}

/** Creates the settings; `storage` null keeps them in memory only. */
export function createAttentionSettings(storage: Storage | null = typeof localStorage === "undefined" ? null : localStorage): AttentionSettings {
  const initial = read(storage);
  const granted = () => api()?.permission === "granted";
  const [notifications, setNotifications] = createSignal(initial.notifications && granted());
  const [sound, setSoundSignal] = createSignal(initial.sound);
  const [denied, setDenied] = createSignal(false);
  const save = () => {
    try {
      storage?.setItem(KEY, JSON.stringify({ notifications: notifications(), sound: sound() }));
    } catch (err) {
      console.error("could not save the notification settings", err);
    }
  };
  return {
    notifications,
    sound,
    denied,
    async toggleNotifications() {
      if (notifications()) {
        setNotifications(false);
        save();
        return;
      }
      const N = api();
      if (!N) {
        setDenied(true);
        return;
      }
      const answer = N.permission === "granted" ? "granted" : await N.requestPermission();
      setDenied(answer !== "granted");
      setNotifications(answer === "granted");
      save();
    },
    setSound(on) {
      setSoundSignal(on);
      save();
    },
  };
}
