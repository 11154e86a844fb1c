import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The XDG layout of one isolated HOME. */
export interface HomeDirs {
  home: string;
  data: string;
  config: string;
  cache: string;
  state: string;
}

/** Directory layout of an isolated HOME under `home`. */
export function homeDirs(home: string): HomeDirs {
  return {
    home,
    data: join(home, ".local", "share"),
    config: join(home, ".config"),
    cache: join(home, ".cache"),
    state: join(home, ".local", "state"),
  };
}

/** OpenCode config: the mock model as default, bash asks, nothing that phones home. */
export function opencodeConfig(llmUrl: string): Record<string, unknown> {
  return {
    $schema: "https://opencode.ai/config.json",
    model: "mock/mock-1",
    small_model: "mock/mock-1",
    autoupdate: false,
    share: "disabled",
    permission: { bash: "ask" },
    provider: {
      mock: {
        npm: "@ai-sdk/openai-compatible",
        name: "Mock",
        options: { baseURL: llmUrl, apiKey: "mock" },
        models: { "mock-1": { name: "Mock 1", tool_call: true, limit: { context: 100_000, output: 4_096 } } },
      },
    },
  };
}

/**
 * Create the HOME and write the global OpenCode config. OpenCode runs `npm install
 * @opencode-ai/plugin` in every config dir at boot unless node_modules exists and the lock
 * lists it; that install blocks the instance for minutes offline, so we pre-seed the marker
 * files (nothing in the fleet loads plugins or custom tools, so node_modules stays empty).
 */
export function prepareHome(home: string, llmUrl: string, opencodeVersion: string): HomeDirs {
  const dirs = homeDirs(home);
  for (const dir of [dirs.data, dirs.config, dirs.cache, dirs.state]) mkdirSync(dir, { recursive: true });
  const configDir = join(dirs.config, "opencode");
  mkdirSync(join(configDir, "node_modules"), { recursive: true });
  const deps = { "@opencode-ai/plugin": opencodeVersion };
  writeFileSync(join(configDir, "package.json"), JSON.stringify({ dependencies: deps }, null, 2));
  writeFileSync(
    join(configDir, "package-lock.json"),
    JSON.stringify({ name: "opencode", lockfileVersion: 3, requires: true, packages: { "": { dependencies: deps } } }, null, 2),
  );
  writeFileSync(join(configDir, "opencode.json"), JSON.stringify(opencodeConfig(llmUrl), null, 2));
  return dirs;
}

/** A git repo with one commit (so OpenCode gives it a real project id, not "global"). */
export function createRepo(dir: string, name: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "README.md"), `# ${name}\n\nA throwaway repo for a Switchboard test server.\n`);
  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
  };
  git("init", "-q", "-b", "main");
  git("add", "README.md");
  git("-c", "user.name=Switchboard Fleet", "-c", "user.email=fleet@switchboard.invalid", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "init");
}
