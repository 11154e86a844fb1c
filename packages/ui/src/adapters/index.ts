/** The one place that picks a protocol's adapter (STYLE rule 13). */
import type { InstanceProtocol } from "../api/hub-types";
import type { ProtocolAdapter } from "./types";
import { v1Adapter } from "./v1/adapter";
import { v2Adapter } from "./v2/adapter";

export type { AdapterCapabilities, FrameNormalizer, ProtocolAdapter } from "./types";
export type { PtyApi, PtyInfo, PtySize } from "./pty";

const ADAPTERS: Record<InstanceProtocol, ProtocolAdapter> = {
  global: v1Adapter("global"),
  legacy: v1Adapter("legacy"),
  v2: v2Adapter,
};

/** The adapter for a hub-reported protocol. */
export function adapterFor(protocol: InstanceProtocol): ProtocolAdapter {
  return ADAPTERS[protocol];
}
