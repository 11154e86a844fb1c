import { createStore } from "solid-js/store";
import { render } from "solid-js/web";
import { App } from "./app";
import { createInitialState } from "./store/initial-state";
import type { State, WorkspaceActions } from "./store/types";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/instances.css";
import "./styles/sessions.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

/**
 * TODO(lead): replace with the real wiring once src/store and src/stream land:
 *   const store = createAppStore();
 *   const engine = createLiveEngine({ store });
 *   render(() => <App state={store.state} actions={engine.actions} />, root);
 * Until then the page renders an empty, honest state and every action says why it cannot run.
 */
function placeholderWiring(): { state: State; actions: WorkspaceActions } {
  const [state] = createStore<State>(createInitialState());
  const notWired = () => Promise.reject(new Error("The live engine is not wired into this build yet."));
  return {
    state,
    actions: {
      sendPrompt: notWired,
      abort: notWired,
      replyPermission: notWired,
      replyQuestion: notWired,
      rejectQuestion: notWired,
      createSession: notWired,
      openSession: notWired,
      loadOlder: notWired,
      submitCredentials: notWired,
    },
  };
}

async function start(target: HTMLElement): Promise<void> {
  // Dev-only fixture fleet (`?demo`): the DEV guard makes the bundler drop it from production builds.
  if (import.meta.env.DEV && new URLSearchParams(location.search).has("demo")) {
    const { createDemo } = await import("./pages/demo-fixture");
    const demo = createDemo();
    render(() => <App state={demo.state} actions={demo.actions} />, target);
    return;
  }
  const wiring = placeholderWiring();
  render(() => <App state={wiring.state} actions={wiring.actions} />, target);
}

void start(root);
