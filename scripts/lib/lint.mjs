// ESLint and Prettier over the whole repo, as `npm run lint` and the first step of `npm test`
// (STYLE.md rule 15). Plain Node, like the rest of scripts/lib. Config: eslint.config.js,
// .prettierrc.json, .prettierignore; why those rules: dev-docs/decisions.md ("Lint and format").
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, say } from "./bootstrap.mjs";

// Caches live under node_modules, so a repeated local run re-checks only changed files and
// nothing new needs ignoring; a fresh clone (CI) checks everything.
const CACHE = join(ROOT, "node_modules/.cache");
const STEPS = [
  {
    what: "eslint",
    args: [join(ROOT, "node_modules/eslint/bin/eslint.js"), "--max-warnings", "0", "--cache", "--cache-location", join(CACHE, "eslint/"), "."],
    fix: "fix the code it names (a rule is disabled only with a comment saying why)",
  },
  {
    what: "prettier --check",
    args: [join(ROOT, "node_modules/prettier/bin/prettier.cjs"), "--check", "--cache", "--log-level", "warn", "."],
    fix: "`npm run format` rewrites the files it names",
  },
];

/** Runs every step (all of them, so one run shows every finding); true when all pass. */
export function lint() {
  let ok = true;
  for (const step of STEPS) {
    const started = Date.now();
    const result = spawnSync(process.execPath, step.args, { cwd: ROOT, stdio: "inherit" });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.status === 0) {
      say(`${step.what}: clean in ${seconds} s`);
    } else {
      ok = false;
      const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
      process.stderr.write(`switchboard: ${step.what} failed (${why}) after ${seconds} s: ${step.fix}.\n`);
    }
  }
  return ok;
}
