/** The package.json of the publishable `switchboard` package, derived from the repo's own manifests. */

/** The fields of a package.json this module reads. */
export interface SourceManifest {
  name?: string;
  version?: string;
  description?: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** What the publishable package is made from. */
export interface ManifestInputs {
  /** The repo root's package.json: product name, description, Node floor. */
  product: SourceManifest;
  /** packages/server/package.json: the hub's version (what /api/health reports) and runtime dependencies. */
  server: SourceManifest;
  /** Installed version of each of the server's dependencies (from its node_modules). */
  installed: Record<string, string | undefined>;
}

/** The publishable package.json. */
export interface PublishManifest {
  name: string;
  version: string;
  description: string;
  type: "module";
  bin: { switchboard: string };
  files: string[];
  engines: { node: string };
  dependencies: Record<string, string>;
}

/** Entry script of the package (relative to its root). */
export const BIN_PATH = "bin/switchboard.js";

/**
 * Builds the package.json: the hub's runtime dependencies pinned to the versions the tests ran
 * against, no devDependencies, no scripts (nothing runs at install time, nothing is built).
 * Throws with a message naming the problem when an input is unusable.
 */
export function publishManifest(inputs: ManifestInputs): PublishManifest {
  const { product, server, installed } = inputs;
  if (!product.name) throw new Error("The root package.json has no name.");
  if (!server.version) throw new Error("packages/server/package.json has no version.");
  const node = product.engines?.node;
  if (!node) throw new Error("The root package.json has no engines.node (the Node floor).");
  const dependencies: Record<string, string> = {};
  for (const [name, range] of Object.entries(server.dependencies ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (/^(workspace|link|file):/.test(range)) {
      throw new Error(`The hub depends on ${name}@${range}, which only exists inside this repo; a published package cannot.`);
    }
    const version = installed[name];
    if (!version) throw new Error(`${name} is a dependency of the hub but is not installed; run npm run build first.`);
    dependencies[name] = version;
  }
  return {
    name: product.name,
    version: server.version,
    description: product.description ?? "",
    type: "module",
    bin: { switchboard: BIN_PATH },
    files: ["bin", "dist", "ui"],
    engines: { node },
    dependencies,
  };
}

/** The bin script: points the hub at the UI shipped beside it, then runs the CLI. */
export const BIN_SOURCE = `#!/usr/bin/env node
// Entry of the npm package: the hub (dist/) serves the web page built into ui/.
// A user's own SWITCHBOARD_UI_DIR still wins.
import { fileURLToPath } from "node:url";

process.env.SWITCHBOARD_UI_DIR ??= fileURLToPath(new URL("../ui/", import.meta.url));
await import("../dist/cli.js");
`;

/** Which files of the hub's build go into the package: its JavaScript, not tests or source maps. */
export function isShippedServerFile(relativePath: string): boolean {
  const path = relativePath.split("\\").join("/");
  if (!path.endsWith(".js")) return false;
  if (/\.test\.js$/.test(path)) return false;
  return !path.split("/").some((segment) => segment === "test-support" || segment === "test-fixtures");
}
