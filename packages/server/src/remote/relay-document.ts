/**
 * In remote mode the page reaches OpenCode through the hub: each instance's `url` and `eventsUrl`
 * become relay URLs on the origin the page came from, and no credentials are handed out. Pure.
 */
import type { Instance, InstancesDocument } from "../discovery/types.js";
import { eventsPath } from "../relay/relay-policy.js";

/** One instance as a remote page sees it. */
export function relayInstance(instance: Instance, origin: string): Instance {
  const url = `${origin}/relay/${encodeURIComponent(instance.id)}`;
  return { ...instance, url, eventsUrl: instance.eventsUrl === null ? null : `${url}${eventsPath(instance.protocol)}` };
}

/** The whole document as a remote page sees it. */
export function relayDocument(doc: InstancesDocument, origin: string): InstancesDocument {
  return { ...doc, instances: doc.instances.map((i) => relayInstance(i, origin)) };
}

/** The origin a request was addressed to (the Host guard has already checked the Host header). */
export function requestOrigin(request: { protocol: string; headers: { host?: string | undefined } }): string {
  return `${request.protocol}://${request.headers.host ?? "localhost"}`;
}
