/**
 * What the owning server offers the composer (commands, primary agents, models), fetched once
 * per server and directory for the page's life and shared by every session's composer: switching
 * sessions re-renders from the cache instead of asking again, and nothing runs while idle. The
 * cache is the workspace's (components/workspace-services.tsx).
 * Not at open: the lists are asked for on first use (the composer is focused or typed in, a
 * picker is touched, a prompt is sent) or once the page is idle after the opened session was shown,
 * whichever is first, so opening a session costs neither the requests nor the pickers' rendering.
 */
import { createResource, createSignal, onCleanup, type Resource } from "solid-js";
import type { AgentChoice, ComposerApi, ModelChoices, ServerCommand } from "../../api/composer-api";
import { whenIdle } from "../common/when-idle";
import type { SessionShown } from "../common/after-session-shown";

/** The three lists, as resources (their `.error` carries the words when a request failed). */
export interface ComposerData {
  commands: Resource<ServerCommand[]>;
  agents: Resource<AgentChoice[]>;
  models: Resource<ModelChoices>;
  /** Asks for the lists now (first use) instead of when the page is next idle. */
  want(): void;
}

/** Answers by key ("instance|directory|list"), for the page's life. */
export interface ComposerListCache {
  /** One request per key; a failed one is forgotten so the next mount asks again. */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** Creates an empty cache (a server restarted on the same port gets a new instance id, so nothing goes stale). */
export function makeComposerListCache(): ComposerListCache {
  const cache = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, load: () => Promise<T>): Promise<T> {
      const hit = cache.get(key) as Promise<T> | undefined;
      if (hit) return hit;
      const request = load();
      cache.set(key, request);
      request.catch(() => cache.delete(key));
      return request;
    },
  };
}

/** The longest the lists wait for an idle moment, and before it for the opened session to be shown. */
const IDLE_TIMEOUT_MS = 3_000;

type Source = { key: string; api: ComposerApi };
type Lists = { commands: ServerCommand[]; agents: AgentChoice[]; models: ModelChoices };

/** One list of `source`, asked once per page (the cache above). */
function load<K extends keyof Lists>(cache: ComposerListCache, source: Source, which: K): Promise<Lists[K]> {
  return cache.once(`${source.key}|${which}`, () => source.api[which]() as Promise<Lists[K]>);
}

/**
 * Resolves once the three lists for `source` have answered (or failed), or after `timeoutMs`,
 * whichever is first. Never rejects. A send waits on it: a prompt typed while a just-started
 * owner is still answering must not go out without its model, or be a `/command` sent as text.
 */
export function composerDataSettled(cache: ComposerListCache, source: Source, timeoutMs: number): Promise<void> {
  const all = Promise.allSettled([load(cache, source, "commands"), load(cache, source, "agents"), load(cache, source, "models")]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  return Promise.race([all.then(() => undefined), late]).finally(() => clearTimeout(timer));
}

/** Loads the lists for `source()` (null while the session has no running owner) on first use or when idle. */
export function createComposerData(cache: ComposerListCache, source: () => Source | null, shown: SessionShown): ComposerData {
  const [wanted, setWanted] = createSignal(false);
  let cancelIdle = () => {};
  const cancelShown = shown.after(() => (cancelIdle = whenIdle(() => setWanted(true), IDLE_TIMEOUT_MS)), IDLE_TIMEOUT_MS);
  onCleanup(() => {
    cancelShown();
    cancelIdle();
  });
  const asked = () => (wanted() ? source() : null);
  const [commands] = createResource(asked, (s) => load(cache, s, "commands"));
  const [agents] = createResource(asked, (s) => load(cache, s, "agents"));
  const [models] = createResource(asked, (s) => load(cache, s, "models"));
  return { commands, agents, models, want: () => setWanted(true) };
}
