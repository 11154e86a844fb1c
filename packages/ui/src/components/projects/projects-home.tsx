/**
 * The main pane's home when no session is open: the project folders the page knows, each with its
 * servers, sessions and last activity, "New session" there, and "Add project" (the "New session in…"
 * dialog). Both go through that dialog's one start path; nothing here fetches.
 */
import { createMemo, For, Show, type JSX } from "solid-js";
import { createNow } from "../common/create-now";
import { formatElapsed } from "../attention/format";
import { connectionWords, instanceName, orderedInstances } from "../instances/connection-summary";
import { kindLabel } from "../instances/instance-colour";
import type { NewSessionInControl } from "../workbench/new-session/new-session-in";
import { newSessionTarget } from "../workbench/new-session/new-session-target";
import { useWorkspace } from "../workspace-services";
import { projectRows, type ProjectRow } from "./project-rows";
import "./projects-home.css";

/** Props of {@link ProjectsHome}. */
export interface ProjectsHomeProps {
  /** The "New session in…" dialog's control (its probe says whether the hub starts servers). */
  control: NewSessionInControl;
  onOpenSession: (sessionId: string) => void;
  /** Lines under the heading (where the session list is, or that no server runs). */
  children?: JSX.Element;
}

/** Renders the home. */
export function ProjectsHome(props: ProjectsHomeProps): JSX.Element {
  const { state } = useWorkspace();
  const rows = createMemo(() => projectRows(state));
  const now = createNow(30_000);
  return (
    <section class="projects-home" aria-label="Projects">
      <header class="projects-head">
        <h2>Projects</h2>
        <Show when={props.control.local() === true}>
          <button type="button" class="sv-btn sv-btn-primary" onClick={() => props.control.open()}>
            Add project
          </button>
        </Show>
      </header>
      <div class="projects-hint">{props.children}</div>
      <Show when={rows().length > 0} fallback={<p class="muted">No projects yet: no server or session names a folder.</p>}>
        <ul class="project-list">
          <For each={rows()}>{(row) => <ProjectItem {...props} row={row} now={now()} />}</For>
        </ul>
      </Show>
    </section>
  );
}

function ProjectItem(props: ProjectsHomeProps & { row: ProjectRow; now: number }): JSX.Element {
  const name = () => props.row.directory.split("/").filter(Boolean).pop() ?? props.row.directory;
  const { state } = useWorkspace();
  const target = createMemo(() => newSessionTarget(state, props.row.directory));
  // Starting a server is the hub's, in local mode only; a folder whose server runs takes sessions anywhere.
  const canStart = () => target().kind !== "start" || props.control.local() === true;
  const startTitle = () => {
    const t = target();
    if (t.kind === "instance") return `New session on ${instanceName(t.instance, orderedInstances(state))}`;
    if (t.kind === "service") return "New session in the OpenCode 2 service";
    return "Start OpenCode in this folder, then a new session";
  };
  return (
    <li class="project-row" data-project-dir={props.row.directory} data-session-count={props.row.sessionCount}>
      <div class="project-what">
        <Show when={props.row.latestSessionId} fallback={<span class="project-name">{name()}</span>}>
          {(id) => (
            <button type="button" class="project-name project-open" title="Open its latest session" onClick={() => props.onOpenSession(id())}>
              {name()}
            </button>
          )}
        </Show>
        <span class="project-dir mono" title={props.row.directory}>
          {props.row.directory}
        </span>
      </div>
      <div class="project-facts">
        <Show
          when={props.row.servers.length > 0}
          fallback={<span class="muted">{target().kind === "service" ? "served by the OpenCode 2 service" : "no server here"}</span>}
        >
          <For each={props.row.servers}>
            {(s) => (
              <span class="project-server" data-connection={s.connection.state} title={connectionWords(s)}>
                <span class="project-dot" aria-hidden="true" />
                {kindLabel(s.info.kind)} :{s.info.port}
              </span>
            )}
          </For>
        </Show>
        <span>{props.row.sessionCount === 1 ? "1 session" : `${props.row.sessionCount} sessions`}</span>
        <Show when={props.row.lastActivity}>{(t) => <span class="muted">{formatElapsed(t(), props.now)} ago</span>}</Show>
      </div>
      <Show when={canStart()}>
        <button
          type="button"
          class="sv-btn project-new"
          aria-label={`New session in ${props.row.directory}`}
          title={startTitle()}
          onClick={() => props.control.open(props.row.directory, true)}
        >
          + New session
        </button>
      </Show>
    </li>
  );
}
