import { createSignal, onMount, type JSX } from "solid-js";
import { createAsyncAction } from "../common/create-async-action";
import { ErrorText } from "../common/error-text";
import { useWorkspace } from "../workspace-services";

/** Small password form for a password-protected server; sends credentials through the hub. */
export function AuthForm(props: { instanceId: string; name: string; onDone: () => void; onCancel: () => void }): JSX.Element {
  const { actions } = useWorkspace();
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const unlock = createAsyncAction();
  let passwordInput: HTMLInputElement | undefined;
  onMount(() => passwordInput?.focus());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (unlock.pending()) return;
    if (password() === "") {
      unlock.setError("Enter the server's password (OPENCODE_SERVER_PASSWORD).");
      return;
    }
    const ok = await unlock.run(
      () => actions.submitCredentials(props.instanceId, password(), username().trim() || undefined),
      "switchboard: credentials",
      (message) => message || "The server did not accept these credentials.",
    );
    if (ok) props.onDone();
  };

  return (
    <form
      class="auth-form"
      role="dialog"
      aria-label={`Unlock ${props.name}`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Escape") props.onCancel();
      }}
    >
      <p class="auth-lead">
        <strong>{props.name}</strong> is password-protected.
      </p>
      <label class="field">
        <span>Username</span>
        <input
          name="username"
          autocomplete="username"
          placeholder="opencode"
          value={username()}
          onInput={(event) => setUsername(event.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>Password</span>
        <input
          ref={passwordInput}
          name="password"
          type="password"
          autocomplete="current-password"
          value={password()}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
      </label>
      <ErrorText message={unlock.error()} class="form-error" />
      <div class="form-actions">
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="submit" class="button button-primary" disabled={unlock.pending()}>
          {unlock.pending() ? "Unlocking…" : "Unlock"}
        </button>
      </div>
    </form>
  );
}
