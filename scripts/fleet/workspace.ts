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

/** The fleet's second mock model (the first, `mock/mock-1`, is the default): for model pickers. */
export const SECOND_MOCK_MODEL = { providerID: "mock", modelID: "mock-2", name: "Mock 2" } as const;

/** A project command every fleet repo defines in its own opencode.json (for slash-command tests). */
export const FLEET_COMMAND = {
  name: "fleet-review",
  description: "Fleet project command: asks the mock to review something",
  template: "Fleet review requested for: $ARGUMENTS",
} as const;

/** What OpenCode stores as the prompt when {@link FLEET_COMMAND} runs with `args`. */
export const fleetCommandExpansion = (args: string): string => FLEET_COMMAND.template.replace("$ARGUMENTS", args);

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
        models: {
          "mock-1": { name: "Mock 1", tool_call: true, limit: { context: 100_000, output: 4_096 } },
          [SECOND_MOCK_MODEL.modelID]: { name: SECOND_MOCK_MODEL.name, tool_call: true, limit: { context: 100_000, output: 4_096 } },
        },
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

/**
 * A git repo with one commit (so OpenCode gives it a real project id, not "global"); its own
 * opencode.json defines {@link FLEET_COMMAND}.
 */
export function createRepo(dir: string, name: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "README.md"), `# ${name}\n\nA throwaway repo for a Switchboard test server.\n`);
  const command = { [FLEET_COMMAND.name]: { description: FLEET_COMMAND.description, template: FLEET_COMMAND.template } };
  writeFileSync(join(dir, "opencode.json"), JSON.stringify({ $schema: "https://opencode.ai/config.json", command }, null, 2));
  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
  };
  git("init", "-q", "-b", "main");
  git("add", "README.md", "opencode.json");
  git("-c", "user.name=Switchboard Fleet", "-c", "user.email=fleet@switchboard.invalid", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "init");
}
