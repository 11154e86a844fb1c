/**
 * What the owning server offers the composer (commands, primary agents, models), fetched once
 * per server and directory for the page's life and shared by every session's composer: switching
 * sessions re-renders from the cache instead of asking again, and nothing runs while idle.
 */
import { createResource, type Resource } from "solid-js";
import type { AgentChoice, ComposerApi, ModelChoices, ServerCommand } from "../../api/composer-api";

/** The three lists, as resources (their `.error` carries the words when a request failed). */
export interface ComposerData {
  commands: Resource<ServerCommand[]>;
  agents: Resource<AgentChoice[]>;
  models: Resource<ModelChoices>;
}

const cache = new Map<string, Promise<unknown>>();

/** One request per key; a failed one is forgotten so the next mount asks again. */
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const request = load();
  cache.set(key, request);
  request.catch(() => cache.delete(key));
  return request;
}

/** Forgets every cached answer (tests; a server restarted on the same port gets a new instance id anyway). */
export function clearComposerData(): void {
  cache.clear();
}

/** Loads the lists for `source()` (null while the session has no running owner). */
export function createComposerData(source: () => { key: string; api: ComposerApi } | null): ComposerData {
  const [commands] = createResource(source, (s) => once(`${s.key}|commands`, () => s.api.commands()));
  const [agents] = createResource(source, (s) => once(`${s.key}|agents`, () => s.api.agents()));
  const [models] = createResource(source, (s) => once(`${s.key}|models`, () => s.api.models()));
  return { commands, agents, models };
}
