// ESLint flat config: typescript-eslint `recommended` (syntax only, no type information, so
// `npm test` stays fast) for all TypeScript, eslint-plugin-solid for the UI, and a few extra
// rules that catch real bugs. Formatting is Prettier's job (`.prettierrc.json`), not ESLint's.
// Why these rules: dev-docs/decisions.md ("Lint and format").
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import solid from "eslint-plugin-solid/configs/typescript";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Build output, installs, recorded event streams and scratch folders are not source.
    ignores: ["**/node_modules/", "**/dist/", "**/coverage/", "**/.vite/", "**/*.sse", "tmp/", "screenshots/"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    // Plain .mjs/.js files run in Node; TypeScript files need no globals list because tsc
    // already reports unknown names (typescript-eslint turns `no-undef` off for them).
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `x == null` is the one loose comparison worth keeping (null or undefined).
      eqeqeq: ["error", "always", { null: "ignore" }],
      // A value computed and then overwritten before anyone reads it is a lost result.
      "no-useless-assignment": "error",
      "no-self-compare": "error",
      "no-template-curly-in-string": "error",
      "no-unreachable-loop": "error",
      "array-callback-return": ["error", { checkForEach: false }],
      // A leading underscore marks a parameter or binding kept on purpose (a callback's shape).
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      // House rule: no `.only` left in a test (it silently skips everything else).
      "no-restricted-properties": [
        "error",
        ...["describe", "it", "test"].map((object) => ({
          object,
          property: "only",
          message: "Remove .only: it silently skips every other test.",
        })),
      ],
    },
  },
  { files: ["packages/ui/**/*.{ts,tsx}"], ...solid },
  {
    files: ["packages/ui/**/*.{ts,tsx}"],
    rules: {
      // Functions these call back later, like the timers the rule already knows: reading props or
      // signals in them reads the current value at that moment, which is what the code wants.
      // `run` is createAsyncAction's (components/common), `attempt` the session menu's runner;
      // `then`/`catch` are promise callbacks (e.g. "is this answer still for the shown session?").
      "solid/reactivity": ["warn", { customReactiveFunctions: ["run", "attempt", "then", "catch"] }],
    },
  },
);
