/**
 * OpenCode 2 (`@opencode/cli` 2.x): `/api/*` routes, `/api/event` with its own vocabulary
 * (normalized by normalize.ts), heartbeats as SSE comments (so the stream is read with fetch),
 * prompts that can be queued or steer a running turn, a server-side "viewed" mark, and no route
 * to drive a TUI.
 */
import type { ProtocolAdapter } from "../types";
import { makeFetchEventSource } from "../../stream/fetch-event-source";
import { makeV2Client } from "./client";
import { makeV2ComposerApi } from "./composer";
import { makeV2Normalizer } from "./normalize";
import { makeV2SessionOps } from "./ops";
import { makeV2WorkbenchApi } from "./workbench";
import { makeV2PtyApi } from "./pty";

/** The adapter of OpenCode 2. */
export const v2Adapter: ProtocolAdapter = {
  protocol: "v2",
  label: "OpenCode 2",
  capabilities: { tuiControl: false, queueWhileBusy: true, heartbeats: true, viewedMark: true },
  noTuiControl: "OpenCode 2 (2.1.2) has no route to switch its terminal to a session — open the session in the terminal yourself.",
  normalizer: (instanceId) => makeV2Normalizer(instanceId),
  client: (target, options) => makeV2Client(target, options),
  ops: (target, options) => makeV2SessionOps(target, options),
  composer: (target, directory, options) => makeV2ComposerApi(target, directory, options),
  workbench: (target, directory, options) => makeV2WorkbenchApi(target, directory, options),
  pty: (target, directory, options) => makeV2PtyApi(target, directory, options),
  eventSource: (fetchImpl) => makeFetchEventSource(fetchImpl),
};
