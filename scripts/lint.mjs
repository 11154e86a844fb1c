// `npm run lint`: ESLint and `prettier --check` over the repo; exits 1 on any finding.
import { lint } from "./lib/lint.mjs";

process.exit(lint() ? 0 : 1);
