import { render } from "solid-js/web";
import { App } from "./app";
import { createAppStore } from "./store/app-store";
import { registerServiceWorker } from "./pwa/register";
import { makeViewportHeight } from "./pwa/viewport-height";
import { createLiveEngine } from "./stream/live-engine";
import { createRelayMux } from "./stream/relay-mux";
import type { EventSourceConstructor } from "./stream/timers";
import { mountSignedInDevices } from "./components/remote/signed-in-devices";
import { makeEventLog } from "./stream/event-log";
import { EventInspector } from "./components/inspector/event-inspector";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/instances.css";
import "./styles/sessions.css";
import "./styles/phone.css";
import { startTheme } from "./components/theme/theme";
import { createSessionShown } from "./components/common/after-session-shown";

/** The longest another server's resync waits for the opened session to be shown. */
const RESYNC_DEFER_MAX_MS = 3_000;

startTheme();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

async function start(target: HTMLElement): Promise<void> {
  // Dev-only fixture fleet (`?demo`): the DEV guard makes the bundler drop it from production builds.
  if (import.meta.env.DEV && new URLSearchParams(location.search).has("demo")) {
    const { createDemo } = await import("./pages/demo-fixture");
    const demo = createDemo();
    render(() => <App state={demo.state} actions={demo.actions} />, target);
    return;
  }
  const store = createAppStore();
  // One "a session was shown" moment for the engine (other servers' resyncs) and the views.
  const shown = createSessionShown();
  // `?inspect`: record every instance's frames for the event inspector (a debugging panel; nothing is recorded otherwise).
  const eventLog = new URLSearchParams(location.search).has("inspect") ? makeEventLog() : undefined;
  // Relay event URLs (remote mode) of every protocol share one multiplexed connection; others pass through.
  const NativeEventSource = globalThis.EventSource as EventSourceConstructor | undefined;
  const engine = createLiveEngine({
    store,
    eventLog,
    ...(NativeEventSource ? { wrapEventSource: createRelayMux(location.origin, NativeEventSource) } : {}),
    sessionShown: () => new Promise<void>((resolve) => shown.after(resolve, RESYNC_DEFER_MAX_MS)),
  });
  render(
    () => (
      <>
        <App state={store.state} actions={engine.actions} shown={shown} />
        {eventLog && <EventInspector log={eventLog} instances={store.state.instances} />}
      </>
    ),
    target,
  );
  // Remote mode only (the hub's devices API answers): the signed-in devices and "Sign out everywhere".
  void mountSignedInDevices(document.body);
  // The engine lives as long as the page; the browser closes its EventSources on unload (and a
  // page restored from the back/forward cache must find them still running).
}

void start(root);
// Both live as long as the page.
makeViewportHeight();
registerServiceWorker();
