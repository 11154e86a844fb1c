/**
 * The one helper for async buttons and forms: a pending flag (disable the button, ignore a second
 * click) and the failure in words the user can act on, with the detail in the log.
 */
import { createSignal, type Accessor } from "solid-js";
import { errorMessage } from "../../store/error-message";

/** Pending flag and error words around one async action at a time. */
export interface AsyncAction {
  pending: Accessor<boolean>;
  error: Accessor<string | null>;
  /** Sets or clears the words without running anything (e.g. a form's own validation message). */
  setError(words: string | null): void;
  /**
   * Runs `task` unless one is already running; resolves true when it succeeded. A failure becomes
   * `words(message)` (default "Could not <what>: <message>") and a console line naming `what`.
   */
  run(task: () => Promise<unknown>, what: string, words?: (message: string) => string): Promise<boolean>;
}

/** Creates an {@link AsyncAction}. */
export function createAsyncAction(): AsyncAction {
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  return {
    pending,
    error,
    setError,
    async run(task, what, words) {
      if (pending()) return false;
      setPending(true);
      setError(null);
      try {
        await task();
        return true;
      } catch (err) {
        console.error(`${what} failed`, err);
        const message = errorMessage(err);
        setError(words ? words(message) : `Could not ${what}: ${message || "unknown error"}`);
        return false;
      } finally {
        setPending(false);
      }
    },
  };
}
