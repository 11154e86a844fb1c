import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { PluginOption } from "vite";
import { defineConfig } from "vitest/config";

// vite-plugin-solid is a dependency of packages/ui only (pnpm does not hoist it to the root),
// so resolve it from there instead of from this file.
const fromUi = createRequire(new URL("./packages/ui/package.json", import.meta.url));
const solidModule = (await import(pathToFileURL(fromUi.resolve("vite-plugin-solid")).href)) as {
  default: ((options?: object) => PluginOption) | { default: (options?: object) => PluginOption };
};
const solid = typeof solidModule.default === "function" ? solidModule.default : solidModule.default.default;

// One `vitest run` covers every project; `npm test` runs them all.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "server",
          root: "packages/server",
          include: ["src/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "scripts",
          root: "scripts",
          include: ["**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [solid()],
        resolve: { conditions: ["development", "browser"] },
        test: {
          name: "ui",
          root: "packages/ui",
          include: ["src/**/*.test.{ts,tsx}", "build/**/*.test.ts"],
          environment: "jsdom",
          setupFiles: ["./test/setup.ts"],
          // @solidjs/router and virtua/solid ship JSX (and testing-library imports it): Vite must transform them, not Node.
          server: { deps: { inline: [/@solidjs\/router/, /@solidjs\/testing-library/, /virtua/] } },
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: "e2e",
          root: "e2e",
          include: ["**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
