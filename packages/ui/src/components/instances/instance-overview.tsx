/**
 * The main pane when an instance tab is selected: what that OpenCode is (directory, kind, version,
 * port, pid, how long the hub has seen it, its sessions) and a New session button.
 */
import { createMemo, Show, type JSX } from "solid-js";
import { createNow } from "../common/create-now";
import { formatElapsed } from "../attention/format";
import { connectionWords, instanceName, orderedInstances } from "./connection-summary";
import { instanceHues, kindLabel } from "./instance-colour";
import { canStartSessions, NewSessionButton } from "../sessions/new-session-button";
import { StopManagedServer } from "../workbench/new-session/stop-managed";
import { useWorkspace } from "../workspace-services";

/** Props of {@link InstanceOverview}. */
export interface InstanceOverviewProps {
  instanceId: string;
  /** Sessions its tab lists. */
  sessionCount: number;
  onNewSession: (instanceId: string) => void;
}

/** Renders one instance's overview. */
export function InstanceOverview(props: InstanceOverviewProps): JSX.Element {
  const { state } = useWorkspace();
  const now = createNow(30_000);
  const entry = () => state.instances[props.instanceId];
  const ordered = createMemo(() => orderedInstances(state));
  const hue = () => instanceHues(ordered()).get(props.instanceId);
  return (
    <Show
      when={entry()}
      fallback={
        <div class="empty-state">
          <h2>This OpenCode is no longer running</h2>
        </div>
      }
    >
      {(e) => (
        <section class="instance-overview" aria-label="Instance overview" data-instance-id={props.instanceId}>
          <header class="overview-head" style={hue() === undefined ? undefined : { "--instance-hue": String(hue()) }}>
            <h2>{instanceName(e(), ordered())}</h2>
            <span class="kind-badge">
              {kindLabel(e().info.kind)}
              <Show when={e().info.version}>{(v) => <span class="kind-version">{v()}</span>}</Show>
            </span>
          </header>
          <dl class="overview-facts">
            <dt>Directory</dt>
            <dd class="mono">{e().info.directory ?? "unknown until unlocked"}</dd>
            <dt>Kind</dt>
            <dd>{e().info.kind === "tui" ? "TUI (opencode --port)" : e().info.kind === "serve" ? "opencode serve" : e().info.kind}</dd>
            <dt>Version</dt>
            <dd>{e().info.version ?? "unknown"}</dd>
            <dt>Port</dt>
            <dd class="mono">
              {e().info.port} <span class="muted">({e().info.url})</span>
            </dd>
            <dt>PID</dt>
            <dd class="mono">{e().info.pid}</dd>
            <dt>Uptime</dt>
            <dd title={`First seen by the hub at ${e().info.firstSeenAt}`}>
              {formatElapsed(Date.parse(e().info.firstSeenAt), now())} <span class="muted">(since the hub first saw it)</span>
            </dd>
            <dt>Sessions</dt>
            <dd data-session-count={props.sessionCount}>{props.sessionCount}</dd>
            <dt>Connection</dt>
            <dd>{connectionWords(e())}</dd>
          </dl>
          <Show when={canStartSessions(e())}>
            <NewSessionButton instanceId={props.instanceId} label={instanceName(e(), ordered())} onNew={props.onNewSession} />
          </Show>
          <StopManagedServer info={e().info} />
        </section>
      )}
    </Show>
  );
}
