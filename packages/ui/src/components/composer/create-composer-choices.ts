/**
 * What the composer offers for one session, from its owner: the API bound to the session's
 * directory, the slash entries (server commands, then Switchboard's actions), the agents and
 * models, and the session's current Agent/Model choice: the one remembered in its draft, else
 * the one its last prompt used (a session continued from a TUI keeps its model), else the server's
 * default.
 */
import { createMemo, type Accessor } from "solid-js";
import { adapterFor, type AdapterCapabilities } from "../../adapters";
import type { AgentChoice, ComposerApi, ModelChoices, ServerCommand } from "../../api/composer-api";
import { servesDirectory } from "../../store/ownership";
import type { Draft, ModelRef } from "../../store/drafts-model";
import type { InstanceEntry } from "../../store/types";
import type { SlashEntry } from "./composer-input";
import { composerDataSettled, createComposerData } from "./create-composer-data";
import { SLASH_ACTIONS } from "./slash-actions";
import { errorMessage } from "../../store/error-message";
import { useWorkspace } from "../workspace-services";

/** The choices, all reactive. */
export interface ComposerChoices {
  api: Accessor<ComposerApi | null>;
  /** What the owner's OpenCode generation can do (null without an owner). */
  capabilities: Accessor<AdapterCapabilities | null>;
  commands: Accessor<ServerCommand[]>;
  entries: Accessor<SlashEntry[]>;
  /** undefined until loaded (or when loading failed). */
  agents: Accessor<AgentChoice[] | undefined>;
  models: Accessor<ModelChoices | undefined>;
  agent: Accessor<string | undefined>;
  model: Accessor<ModelRef | undefined>;
  /** Why a list could not load, in words (null when it did). */
  errors: { commands: Accessor<string | null>; agents: Accessor<string | null>; models: Accessor<string | null> };
  /** Resolves once the lists have answered or failed (at most `timeoutMs`); at once without an owner. */
  settled(timeoutMs: number): Promise<void>;
  /** The user reached for the composer: load the lists now rather than when the page is idle. */
  want(): void;
}

/** The agent and model a session's prompts used last (empty fields when unknown). */
export interface LastUsed {
  agent?: string;
  model?: ModelRef;
}

const sameModel = (a: ModelRef, b: ModelRef): boolean => a.providerID === b.providerID && a.modelID === b.modelID;

/** Creates the choices for a session owned by `owner()`, in `sessionDirectory()`. */
export function createComposerChoices(opts: {
  owner: Accessor<InstanceEntry | null>;
  sessionDirectory: Accessor<string | undefined>;
  draft: Accessor<Draft>;
  /** What the session's last prompt used (default: nothing known). */
  lastUsed?: Accessor<LastUsed | undefined>;
  /** A fixed API (tests; null for none) instead of one built from the owner. */
  api?: ComposerApi | null;
}): ComposerChoices {
  /** The session's directory when its owner serves it (never make a server boot another directory). */
  const directory = createMemo(() => {
    const d = opts.sessionDirectory();
    const o = opts.owner();
    return d && o && servesDirectory(o.info, d) ? d : null;
  });
  const api = createMemo<ComposerApi | null>(() => {
    if (opts.api !== undefined) return opts.api;
    const o = opts.owner();
    return o ? adapterFor(o.info.protocol).composer(o.info, directory()) : null;
  });
  const capabilities = createMemo(() => {
    const o = opts.owner();
    return o ? adapterFor(o.info.protocol).capabilities : null;
  });
  const source = () => {
    const a = api();
    return a ? { key: `${opts.owner()?.info.id ?? "fixed"}|${directory() ?? ""}`, api: a } : null;
  };
  const { composerLists, shown } = useWorkspace();
  const data = createComposerData(composerLists, source, shown);
  const failed = (what: string, err: unknown) => (err ? `Could not load ${what}: ${errorMessage(err)}` : null);
  const commands = () => (data.commands.error ? [] : (data.commands() ?? []));
  const agents = () => (data.agents.error ? undefined : data.agents());
  const models = () => (data.models.error ? undefined : data.models());
  const entries = createMemo<SlashEntry[]>(() => {
    const server = commands().map((c) => ({ name: c.name, description: c.description, kind: "command" as const, source: c.source }));
    const taken = new Set(server.map((c) => c.name));
    return [...server, ...SLASH_ACTIONS.filter((a) => !taken.has(a.name))];
  });

  return {
    api,
    capabilities,
    commands,
    entries,
    agents,
    models,
    agent: () => {
      const list = agents() ?? [];
      for (const chosen of [opts.draft().agent, opts.lastUsed?.()?.agent]) {
        if (chosen && list.some((a) => a.name === chosen)) return chosen;
      }
      return list.find((a) => a.name === "build")?.name ?? list[0]?.name;
    },
    model: () => {
      const chosen = opts.draft().model;
      if (chosen) return chosen;
      const last = opts.lastUsed?.()?.model;
      const list = models();
      if (last && list?.models.some((m) => sameModel(m, last))) return last;
      return list?.default ?? undefined;
    },
    errors: {
      commands: () => failed("commands", data.commands.error),
      agents: () => failed("agents", data.agents.error),
      models: () => failed("models", data.models.error),
    },
    settled: (timeoutMs) => {
      data.want();
      const s = source();
      return s ? composerDataSettled(composerLists, s, timeoutMs) : Promise.resolve();
    },
    want: data.want,
  };
}
