/** "Stop this server" on the overview of a server the hub started (`managed: true`): `DELETE /api/servers/:id`. */
import { Show, untrack, type JSX } from "solid-js";
import type { Instance } from "../../../api/hub-types";
import { makeHubServers, type HubServers } from "../../../api/hub-servers";
import { createAsyncAction } from "../../common/create-async-action";
import { ErrorText } from "../../common/error-text";

/** The button (only for managed servers) and its error in words. */
export function StopManagedServer(props: { info: Instance; hub?: HubServers }): JSX.Element {
  const hub = untrack(() => props.hub) ?? makeHubServers();
  const pending = createAsyncAction();
  return (
    <Show when={props.info.managed === true}>
      <p class="muted">Switchboard started this server; it keeps running when the hub exits unless you stop it.</p>
      <button
        type="button"
        class="button"
        disabled={pending.pending()}
        onClick={() => void pending.run(() => hub.stop(props.info.id), "stop the server")}
      >
        Stop this server
      </button>
      <ErrorText message={pending.error()} class="sa-error" />
    </Show>
  );
}
