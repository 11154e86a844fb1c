import { describe, expect, it } from "vitest";
import { sampleDocument, sampleInstance } from "../test-support/fake-registry.js";
import { relayDocument, relayInstance, requestOrigin } from "./relay-document.js";

describe("relayDocument", () => {
  it("points url and eventsUrl at the hub's relay and drops the credentials", () => {
    const withPassword = sampleInstance({ id: "inst-1", eventsUrl: "http://127.0.0.1:4096/global/event?auth_token=c2VjcmV0" });
    const out = relayInstance(withPassword, "https://192.168.1.5:7420");
    expect(out.url).toBe("https://192.168.1.5:7420/relay/inst-1");
    expect(out.eventsUrl).toBe("https://192.168.1.5:7420/relay/inst-1/global/event");
    expect(JSON.stringify(out)).not.toContain("c2VjcmV0");
    expect(relayInstance(sampleInstance({ protocol: "legacy", id: "x" }), "http://h:1").eventsUrl).toBe("http://h:1/relay/x/event");
  });

  it("keeps locked and broken servers without a stream", () => {
    const doc = relayDocument(sampleDocument(), "http://h:1");
    expect(doc.instances.filter((i) => i.status !== "ready").every((i) => i.eventsUrl === null)).toBe(true);
    expect(doc.instances.every((i) => i.url.startsWith("http://h:1/relay/"))).toBe(true);
    expect(doc.unreachable).toEqual(sampleDocument().unreachable);
  });

  it("takes the origin from the request", () => {
    expect(requestOrigin({ protocol: "https", headers: { host: "127.0.0.2:7420" } })).toBe("https://127.0.0.2:7420");
  });
});
