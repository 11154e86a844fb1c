import { Show, type JSX } from "solid-js";
import type { State } from "../store/types";
import { Banner } from "../components/common/banner";
import { ErrorNotice } from "../components/instances/error-notice";
import { UnreachableNotice } from "../components/instances/unreachable-notice";

/** Hub connection, scan error, broken and unreachable servers: what the user must know about the fleet. */
export function StatusBanners(props: { state: State }): JSX.Element {
  return (
    <div class="banners">
      <Show when={props.state.hub.state === "error"}>
        <Banner tone="error" title="Cannot reach the Switchboard hub.">
          {props.state.hub.error ?? "The page keeps retrying; check that `npm start` is still running."}
        </Banner>
      </Show>
      <Show when={props.state.scan?.error}>
        {(error) => (
          <Banner tone="warning" title="The process scan is incomplete:">
            {error()}
          </Banner>
        )}
      </Show>
      <ErrorNotice instances={Object.values(props.state.instances)} />
      <UnreachableNotice processes={props.state.unreachable} />
    </div>
  );
}
