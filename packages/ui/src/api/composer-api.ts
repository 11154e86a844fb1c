/**
 * The composer's REST calls to a session's owner: what it offers (commands, agents, models,
 * files) and what it runs besides prompts (`/command`, `/shell`). Straight from the browser,
 * like the rest of the per-instance API.
 */
import type { Agent, Command, Provider } from "@opencode-ai/sdk/v2";
import type { ModelRef } from "../store/drafts-model";
import { acceptedWithin } from "./accepted-within";
import { readJson, send } from "./http";
import { makeRequester, type OpenCodeTarget, type Query, type RequesterOptions } from "./opencode-request";

/** A command the server runs (`GET /command`): built-in, the project's own, MCP prompts, skills. */
export interface ServerCommand {
  name: string;
  description: string;
  source: string;
}

/** A primary agent the user can pick. */
export interface AgentChoice {
  name: string;
  description: string;
}

/** A model the user can pick. */
export interface ModelChoice extends ModelRef {
  name: string;
  providerName: string;
}

/** The owner's models and the one it uses when none is chosen. */
export interface ModelChoices {
  models: ModelChoice[];
  default: ModelRef | null;
}

/** A file part of a prompt or command. */
export interface FileInput {
  type: "file";
  mime: string;
  url: string;
  filename: string;
}

/** What a prompt-like request may carry besides its text. */
export interface RunOptions {
  agent?: string;
  model?: ModelRef;
}

/** REST calls the composer makes to one server, for one session directory. */
export interface ComposerApi {
  commands(): Promise<ServerCommand[]>;
  agents(): Promise<AgentChoice[]>;
  models(): Promise<ModelChoices>;
  /** Paths matching `query` (the server's own fuzzy file search); `signal` cancels a stale search. */
  findFiles(query: string, signal?: AbortSignal): Promise<string[]>;
  /** The server's directory for `file://` URLs of found paths (its answers are relative). */
  directory(): string | null;
  /** `POST /session/{id}/command`: resolves once the server has taken it (it answers when the reply ends). */
  runCommand(sessionId: string, body: { command: string; arguments: string; parts?: FileInput[] } & RunOptions): Promise<void>;
  /** `POST /session/{id}/shell`: resolves once the server has taken it. */
  runShell(sessionId: string, body: { command: string; agent: string; model?: ModelRef }): Promise<void>;
}

/** How long a command or shell call may run before it counts as accepted (its result streams as events). */
export const ACCEPT_MS = 2_000;
/** A command or shell call answers when its work ends; give it that long before calling it stuck. */
const RUN_TIMEOUT_MS = 10 * 60_000;

/**
 * Creates the API for `target`. `directory` is sent only when that server serves it (never boot
 * a new instance inside a server); null uses the server's own directory.
 */
export function makeComposerApi(
  target: OpenCodeTarget & { directory?: string | null },
  directory: string | null,
  options: RequesterOptions & { acceptMs?: number } = {},
): ComposerApi {
  const { who, fetchImpl, url: bare, spec, getJson } = makeRequester(target, options);
  const acceptMs = options.acceptMs ?? ACCEPT_MS;
  const url = (path: string, query: Query = {}) => bare(path, { directory, ...query });
  const sid = (id: string) => encodeURIComponent(id);
  /** Long-running POSTs: accepted once the server has not refused them within ACCEPT_MS. */
  const start = (path: string, what: string, body: unknown, label: string) =>
    acceptedWithin(send(fetchImpl, { ...spec("POST", url(path), what, body), timeoutMs: RUN_TIMEOUT_MS }), acceptMs, `${who}: ${label}`);

  return {
    async commands() {
      const list = await getJson<Command[]>(url("command"), "to list commands");
      return (Array.isArray(list) ? list : []).map((c) => ({ name: c.name, description: c.description ?? "", source: c.source ?? "command" }));
    },
    async agents() {
      const list = await getJson<Agent[]>(url("agent"), "to list agents");
      return (Array.isArray(list) ? list : [])
        .filter((a) => a.mode !== "subagent" && !a.hidden)
        .map((a) => ({ name: a.name, description: a.description ?? "" }));
    },
    async models() {
      const [providers, config] = await Promise.all([
        getJson<{ providers?: Provider[]; default?: Record<string, string> }>(url("config/providers"), "to list models"),
        // The configured model is the true default; without /config the providers' defaults stand in.
        getJson<{ model?: string }>(url("config"), "to read its config").catch((): { model?: string } => ({})),
      ]);
      return modelChoices(providers.providers ?? [], providers.default ?? {}, config.model);
    },
    async findFiles(query, signal) {
      const s = { ...spec("GET", url("find/file", { query, limit: 20 }), "to search files"), signal };
      return readJson<string[]>(await send(fetchImpl, s), s);
    },
    directory: () => directory ?? target.directory ?? null,
    runCommand: (sessionId, body) =>
      start(
        `session/${sid(sessionId)}/command`,
        "the command",
        { ...body, model: body.model ? `${body.model.providerID}/${body.model.modelID}` : undefined },
        `/${body.command}`,
      ),
    runShell: (sessionId, body) => start(`session/${sid(sessionId)}/shell`, "the shell command", body, "shell"),
  };
}

/**
 * Flattens providers into choices; the default is the config's `model` ("provider/model") when it
 * names a listed model, else the first provider's own default.
 */
export function modelChoices(providers: Provider[], defaults: Record<string, string>, configModel?: string): ModelChoices {
  const models: ModelChoice[] = [];
  for (const p of providers) {
    for (const m of Object.values(p.models ?? {}))
      models.push({ providerID: p.id, modelID: m.id, name: m.name || m.id, providerName: p.name || p.id });
  }
  const listed = (ref: ModelRef | null) => (ref && models.some((m) => m.providerID === ref.providerID && m.modelID === ref.modelID) ? ref : null);
  const fromConfig = configModel ? parseModel(configModel) : null;
  const first = providers.find((p) => defaults[p.id]);
  const fromDefaults = first ? { providerID: first.id, modelID: defaults[first.id] ?? "" } : null;
  return { models, default: listed(fromConfig) ?? listed(fromDefaults) };
}

/** "provider/model/with/slashes" → {providerID, modelID}. */
export function parseModel(value: string): ModelRef | null {
  const cut = value.indexOf("/");
  return cut > 0 && cut < value.length - 1 ? { providerID: value.slice(0, cut), modelID: value.slice(cut + 1) } : null;
}
