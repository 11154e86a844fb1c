/**
 * On loopback the page reaches this machine's OpenCode servers directly, but never another host:
 * instances from elsewhere (servers added by URL, peers, the LAN) are handed out as relay URLs on
 * the hub's own origin, so their passwords and credentials stay in the hub. Remote mode rewrites
 * every instance instead (remote-gate.ts), so this plugin is for loopback only.
 */
import fp from "fastify-plugin";
import type { Instance, InstancesDocument } from "../discovery/types.js";
import { relayInstance, requestOrigin } from "../remote/relay-document.js";

/** An instance as the loopback page sees it. */
export function foreignView(instance: Instance, origin: string): Instance {
  return instance.origin === undefined || instance.origin === "local" ? instance : relayInstance(instance, origin);
}

/** The document as the loopback page sees it. */
export function foreignDocument(doc: InstancesDocument, origin: string): InstancesDocument {
  return { ...doc, instances: doc.instances.map((i) => foreignView(i, origin)) };
}

/** Rewrites every answer that carries instances (the document, `{ ok, instance }`). */
export const foreignViewPlugin = fp(
  async (app) => {
    app.addHook("preSerialization", async (request, _reply, payload: unknown) => {
      if (typeof payload !== "object" || payload === null) return payload;
      const origin = requestOrigin(request);
      if (Array.isArray((payload as { instances?: unknown }).instances) && "scan" in payload)
        return foreignDocument(payload as InstancesDocument, origin);
      const answer = payload as { ok?: unknown; instance?: Instance };
      if (answer.ok === true && answer.instance) return { ...answer, instance: foreignView(answer.instance, origin) };
      return payload;
    });
  },
  { name: "foreign-view" },
);
