/**
 * Remote mode only: a "Devices" button that lists the devices signed in to this hub, signs one
 * out, or signs every device out (what `kill -USR2` on the hub does). On loopback the hub has no
 * devices API and nothing is shown. Mounted once beside the app (index.tsx).
 */
import { createSignal, For, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { render } from "solid-js/web";
import { makeRemoteDevicesClient, SIGNED_OUT, type RemoteDevicesClient, type SignedInDevice } from "../../api/remote-devices";
import { ErrorText } from "../common/error-text";
import "./signed-in-devices.css";

/** "5 min ago", "3 h ago", "2 days ago". */
export function ago(ms: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - ms) / 60_000));
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** The button and its panel; `initial` is the list the mount probe already fetched. */
export function SignedInDevices(props: { client: RemoteDevicesClient; initial: SignedInDevice[]; now?: () => number }) {
  const now = () => (props.now ?? Date.now)();
  const [open, setOpen] = createSignal(false);
  // A store reconciled by id: a refresh keeps each row's DOM (a click landing mid-refresh still counts).
  const [list, setList] = createStore({ devices: props.initial });
  const [error, setError] = createSignal<string | null>(null);
  const [signedOut, setSignedOut] = createSignal(false);

  const run = async (work: () => Promise<void>): Promise<void> => {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const refresh = () =>
    run(async () => {
      setList("devices", reconcile((await props.client.list()) ?? [], { key: "id" }));
    });
  const signOut = (device: SignedInDevice) =>
    run(async () => {
      await props.client.signOut(device.id);
      if (device.current) setSignedOut(true);
      else await refresh();
    });
  const signOutEverywhere = () =>
    run(async () => {
      if (!window.confirm("Sign every device out, this one included? The hub prints a new sign-in link in its terminal.")) return;
      await props.client.signOutEverywhere();
      setSignedOut(true);
    });

  return (
    <div class="sid">
      <button
        type="button"
        class="sid-toggle"
        aria-expanded={open()}
        aria-controls="sid-panel"
        onClick={() => {
          setOpen(!open());
          if (open()) void refresh();
        }}
      >
        Devices
      </button>
      <Show when={open()}>
        <section id="sid-panel" class="sid-panel" role="dialog" aria-label="Signed-in devices">
          <Show
            when={!signedOut()}
            fallback={
              <p class="sid-note" role="status">
                {SIGNED_OUT}
              </p>
            }
          >
            <ul class="sid-list">
              <For each={list.devices}>
                {(d) => (
                  <li class="sid-row" data-device-id={d.id}>
                    <span class="sid-name">
                      {d.device}
                      <Show when={d.current}> (this device)</Show>
                    </span>
                    <span class="sid-meta">
                      {d.address} · signed in {ago(d.signedInAt, now())} · seen {ago(d.lastSeenAt, now())}
                    </span>
                    <button type="button" onClick={() => void signOut(d)} aria-label={`Sign out ${d.device}${d.current ? " (this device)" : ""}`}>
                      Sign out
                    </button>
                  </li>
                )}
              </For>
            </ul>
            <button type="button" class="sid-everywhere" onClick={() => void signOutEverywhere()}>
              Sign out everywhere
            </button>
          </Show>
          <ErrorText message={error()} class="sid-error" />
        </section>
      </Show>
    </div>
  );
}

/**
 * Shows the Devices button when the hub is in remote mode (its devices API answers); otherwise
 * nothing. A failed probe is logged, not shown: the page itself already reports an unreachable hub.
 */
export async function mountSignedInDevices(parent: HTMLElement, client: RemoteDevicesClient = makeRemoteDevicesClient()): Promise<void> {
  let initial: SignedInDevice[] | null;
  try {
    initial = await client.list();
  } catch (err) {
    console.warn("Switchboard: could not list the signed-in devices", err);
    return;
  }
  if (initial === null) return;
  const host = document.createElement("div");
  parent.append(host);
  render(() => <SignedInDevices client={client} initial={initial} />, host);
}
