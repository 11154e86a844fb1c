/**
 * OpenCode 1.x: `global` (1.2–1.18, `/global/event`) and `legacy` (1.0.x, `/event`, no heartbeat).
 * Wraps the clients and the pure frame normalizer the page had before adapters.
 */
import { makeComposerApi } from "../../api/composer-api";
import type { InstanceProtocol } from "../../api/hub-types";
import { makeOpenCodeClient } from "../../api/opencode-client";
import { makeSessionOps } from "../../api/session-ops";
import { makeWorkbenchApi } from "../../api/workbench-api";
import { normalizeFrame } from "../../store/normalize-event";
import type { ProtocolAdapter } from "../types";
import { makeV1PtyApi } from "./pty";

/** The adapter of one 1.x protocol. */
export function v1Adapter(protocol: Extract<InstanceProtocol, "global" | "legacy">): ProtocolAdapter {
  return {
    protocol,
    label: protocol === "legacy" ? "OpenCode 1.0" : "OpenCode 1.x",
    capabilities: { tuiControl: true, queueWhileBusy: false, heartbeats: protocol === "global", viewedMark: false },
    noTuiControl: null,
    // Stateless: each frame stands alone.
    normalizer: (instanceId) => ({ normalize: (data, at) => [normalizeFrame(data, instanceId, protocol, at)], reset: () => undefined }),
    client: (target, options) => makeOpenCodeClient(target, options),
    ops: (target, options) => makeSessionOps(target, options),
    composer: (target, directory, options) => makeComposerApi(target, directory, options),
    workbench: (target, directory, options) => makeWorkbenchApi(target, directory, options),
    pty: (target, directory, options) => makeV1PtyApi(target, directory, options),
  };
}
