/** Realistic OpenCode payload builders for the store's unit tests (shapes copied from the recordings). */
import { createInitialState } from "./initial-state";
import type { Instance } from "@switchboard/server/contract";
import type { AssistantMessage, UserMessage } from "@opencode-ai/sdk/v2";
import type { IncomingEvent, InstanceEntry, Part, PermissionRequest, Session, State } from "./types";

export { createInitialState };

/** A session of `directory`. */
export function session(id: string, directory: string, extra: Partial<Session> = {}): Session {
  return {
    id,
    slug: "calm-rocket",
    version: "1.18.33",
    projectID: "global",
    directory,
    title: `Session ${id}`,
    time: { created: 1_795_238_617_471, updated: 1_795_238_617_471 },
    ...extra,
  };
}

/** A user message. */
export function userMessage(id: string, sessionID: string): UserMessage {
  return { id, sessionID, role: "user", time: { created: 1_795_238_617_587 }, agent: "build", model: { providerID: "mock", modelID: "mock-1" } };
}

/** An assistant message. */
export function assistantMessage(id: string, sessionID: string, parentID: string): AssistantMessage {
  return {
    id,
    sessionID,
    role: "assistant",
    parentID,
    mode: "build",
    agent: "build",
    path: { cwd: "/home/dev/src/gamma", root: "/home/dev/src/gamma" },
    cost: 0,
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    modelID: "mock-1",
    providerID: "mock",
    time: { created: 1_795_238_617_600 },
  };
}

/** A text part. */
export function textPart(id: string, messageID: string, sessionID: string, text: string): Part {
  return { id, messageID, sessionID, type: "text", text };
}

/** A pending permission request (1.2+ shape). */
export function permission(id: string, sessionID: string): PermissionRequest {
  return { id, sessionID, permission: "bash", patterns: ["echo hi"], metadata: { command: "echo hi" }, always: ["echo *"] };
}

/**
 * The one sample instance of the tests and fixtures: a ready `opencode serve` 1.18 on :4096;
 * `overrides` win, and the URLs follow an overridden port.
 */
export function sampleInstance(id: string, overrides: Partial<Instance> = {}): Instance {
  const port = overrides.port ?? 4096;
  return {
    id,
    url: `http://127.0.0.1:${port}`,
    port,
    pid: 1000,
    directory: null,
    kind: "serve",
    version: "1.18.33",
    protocol: "global",
    status: "ready",
    error: null,
    eventsUrl: `http://127.0.0.1:${port}/global/event`,
    firstSeenAt: "2026-11-21T05:00:00.000Z",
    attachedTuis: [],
    ...overrides,
  };
}

/** An instance of `directory` as the hub's document describes it. */
export function hubInstance(id: string, directory: string | null): Instance {
  return sampleInstance(id, { directory });
}

/** An instance entry as the hub would describe it. */
export function instanceEntry(id: string, directory: string | null, extra: Partial<InstanceEntry> = {}): InstanceEntry {
  const info = hubInstance(id, directory);
  return {
    info,
    connection: { state: "connected", attempt: 0, nextRetryAt: null, error: null },
    counters: { events: 0, errors: 0, unknown: 0, lastEventAt: null },
    gone: false,
    ...extra,
  };
}

/** An event from `instanceId`. */
export function event(instanceId: string, type: string, properties: Record<string, unknown>, receivedAt = 1000): IncomingEvent {
  return { instanceId, directory: null, type, properties, receivedAt };
}

/** A State holding one session seen by `instanceId`. */
export function stateWithSession(instanceId: string, info: Session): State {
  const state = createInitialState();
  state.sessions[info.id] = { info, seenBy: [instanceId], liveOwner: null };
  return state;
}
