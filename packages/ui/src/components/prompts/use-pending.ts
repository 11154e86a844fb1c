/** A tiny "send once, show the failure in words" helper shared by the prompt cards. */
import { createSignal, type Accessor } from "solid-js";

/** Pending flag and error words around one async action at a time. */
export interface Pending {
  sending: Accessor<boolean>;
  error: Accessor<string | null>;
  /** Runs `task` unless one is already running; failures become error words (and a log line). */
  run(task: () => Promise<void>, what: string): Promise<void>;
}

/** Creates a {@link Pending}. */
export function createPending(): Pending {
  const [sending, setSending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  return {
    sending,
    error,
    async run(task, what) {
      if (sending()) return;
      setSending(true);
      setError(null);
      try {
        await task();
      } catch (err) {
        console.error(`${what} failed`, err);
        setError(`Could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        setSending(false);
      }
    },
  };
}
