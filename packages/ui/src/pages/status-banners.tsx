import { Show, type JSX } from "solid-js";
import { Banner } from "../components/common/banner";
import { ErrorNotice } from "../components/instances/error-notice";
import { UnreachableNotice } from "../components/instances/unreachable-notice";
import { useWorkspace } from "../components/workspace-services";

/** Hub connection, scan error, broken and unreachable servers: what the user must know about the fleet. */
export function StatusBanners(): JSX.Element {
  const { state } = useWorkspace();
  return (
    <div class="banners">
      <Show when={state.hub.state === "error"}>
        <Banner tone="error" title="Cannot reach the Switchboard hub.">
          {state.hub.error ?? "The page keeps retrying; check that `npm start` is still running."}
        </Banner>
      </Show>
      <Show when={state.scan?.error}>
        {(error) => (
          <Banner tone="warning" title="The process scan is incomplete:">
            {error()}
          </Banner>
        )}
      </Show>
      <ErrorNotice instances={Object.values(state.instances)} />
      <UnreachableNotice processes={state.unreachable} />
    </div>
  );
}
