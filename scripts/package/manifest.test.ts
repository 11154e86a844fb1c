import { describe, expect, it } from "vitest";
import { isShippedServerFile, publishManifest, type ManifestInputs } from "./manifest.js";

const inputs = (over: Partial<ManifestInputs> = {}): ManifestInputs => ({
  product: { name: "switchboard", description: "One page.", engines: { node: ">=20.19" } },
  server: { name: "@switchboard/server", version: "1.2.3", dependencies: { fastify: "5.12.8", "@fastify/static": "^8.3.0" } },
  installed: { fastify: "5.12.8", "@fastify/static": "8.3.1" },
  ...over,
});

describe("publishManifest", () => {
  it("names the product, versions it like the hub, and pins the hub's runtime deps to what is installed", () => {
    const m = publishManifest(inputs());
    expect(m.name).toBe("switchboard");
    expect(m.version).toBe("1.2.3");
    expect(m.bin).toEqual({ switchboard: "bin/switchboard.js" });
    expect(m.engines).toEqual({ node: ">=20.19" });
    expect(m.dependencies).toEqual({ "@fastify/static": "8.3.1", fastify: "5.12.8" });
    expect(Object.keys(m.dependencies)).toEqual(["@fastify/static", "fastify"]);
    expect(m).not.toHaveProperty("devDependencies");
    expect(m).not.toHaveProperty("scripts");
  });

  it("refuses a dependency that is not installed, naming it", () => {
    expect(() => publishManifest(inputs({ installed: { fastify: "5.12.8" } }))).toThrow(/@fastify\/static .*not installed/);
  });

  it("refuses a workspace dependency, which cannot be published", () => {
    const server = { version: "1.0.0", dependencies: { "@switchboard/x": "workspace:*" } };
    expect(() => publishManifest(inputs({ server, installed: { "@switchboard/x": "1.0.0" } }))).toThrow(/only exists inside this repo/);
  });

  it("needs a Node floor and a version", () => {
    expect(() => publishManifest(inputs({ product: { name: "switchboard" } }))).toThrow(/engines\.node/);
    expect(() => publishManifest(inputs({ server: { dependencies: {} } }))).toThrow(/no version/);
  });
});

describe("isShippedServerFile", () => {
  it("ships compiled JavaScript only", () => {
    expect(isShippedServerFile("cli.js")).toBe(true);
    expect(isShippedServerFile("discovery/registry.js")).toBe(true);
    expect(isShippedServerFile("cli.js.map")).toBe(false);
    expect(isShippedServerFile("contract.d.ts")).toBe(false);
    expect(isShippedServerFile("app.test.js")).toBe(false);
    expect(isShippedServerFile("test-support/test-app.js")).toBe(false);
    expect(isShippedServerFile("discovery/test-fixtures/fake.js")).toBe(false);
  });
});
