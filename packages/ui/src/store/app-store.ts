/**
 * The app's one Solid store and the mutations the live engine calls. Views get `state` (read-only);
 * every write goes through a pure function (reducer, reconcile, state-ops) run inside `produce`.
 */
import { batch } from "solid-js";
import { createStore, produce } from "solid-js/store";
import type { Instance, InstancesDocument } from "@switchboard/server/contract";
import { createInitialState } from "./initial-state";
import { reconcileInstance, reconcileMessages } from "./reconcile";
import { applyEvent } from "./reducer";
import { upsertById } from "./sorted";
import { optimisticIds, removeMessageData, upsertMessage, upsertSessionEntry } from "./state-ops";
import type { ConnectionInfo, InstanceEntry, State, StoreMutations } from "./types";

/** Options of createAppStore (tests shorten the retention). */
export interface AppStoreOptions {
  /** How long a tab of an exited instance stays (showing "offline") before it is dropped. */
  goneRetentionMs?: number;
}

/** The store, its mutations, and `dispose` (clears the retention timers). */
export interface AppStore {
  state: State;
  mutations: StoreMutations;
  dispose(): void;
}

const GONE_RETENTION_MS = 30_000;

/**
 * An instance that left because the user removed it, not because its process exited: a server
 * added by URL leaves the document only when removed (one that stops answering stays listed),
 * and a peer's instances leave with their machine. Their tabs go at once instead of saying
 * "exited" for the retention time.
 */
function removedByUser(info: Instance, doc: InstancesDocument): boolean {
  if (info.origin === "url") return true;
  const machine = info.machine;
  return machine !== null && machine !== undefined && !(doc.machines ?? []).some((m) => m.id === machine.id);
}

/** Creates the app's store. Call `dispose` when the app unmounts. */
export function createAppStore(options: AppStoreOptions = {}): AppStore {
  const retention = options.goneRetentionMs ?? GONE_RETENTION_MS;
  const [state, setState] = createStore<State>(createInitialState());
  const goneTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const edit = (fn: (draft: State) => void): void => {
    batch(() => setState(produce(fn)));
  };

  const clearTimer = (id: string): void => {
    const timer = goneTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    goneTimers.delete(id);
  };

  const dropLater = (id: string): void => {
    clearTimer(id);
    goneTimers.set(
      id,
      setTimeout(() => {
        goneTimers.delete(id);
        edit((draft) => {
          if (draft.instances[id]?.gone) dropInstance(draft, id);
        });
      }, retention),
    );
  };

  const mutations: StoreMutations = {
    setHubState(hubState, error) {
      edit((draft) => {
        draft.hub.state = hubState;
        draft.hub.error = error;
      });
    },

    setHubDocument(doc: InstancesDocument) {
      const listed = new Set(doc.instances.map((i) => i.id));
      const leaving: string[] = [];
      edit((draft) => {
        for (const info of doc.instances) {
          const existing = draft.instances[info.id];
          if (existing) {
            existing.info = info;
            if (existing.gone) {
              existing.gone = false;
              existing.connection = connecting();
              clearTimer(info.id);
            }
            continue;
          }
          // A process restarted in the same directory takes the place of its exited predecessor's tab.
          for (const [id, old] of Object.entries(draft.instances)) {
            if (old.gone && old.info.directory !== null && old.info.directory === info.directory) {
              clearTimer(id);
              dropInstance(draft, id);
              const replaced = (draft.replacedBy ??= {});
              for (const [from, to] of Object.entries(replaced)) if (to === id) replaced[from] = info.id;
              replaced[id] = info.id;
            }
          }
          draft.instances[info.id] = newEntry(info);
        }
        for (const [id, entry] of Object.entries(draft.instances)) {
          if (listed.has(id) || entry.gone) continue;
          if (removedByUser(entry.info, doc)) {
            clearTimer(id);
            dropInstance(draft, id);
            continue;
          }
          entry.gone = true;
          entry.connection = {
            state: "offline",
            attempt: 0,
            nextRetryAt: null,
            error: "This OpenCode process has exited.",
          };
          leaving.push(id);
        }
        draft.unreachable = doc.unreachable;
        draft.scan = doc.scan;
        draft.machines = doc.machines ?? [];
        draft.nearby = doc.nearby ?? [];
      });
      for (const id of leaving) dropLater(id);
    },

    setConnection(instanceId, info: ConnectionInfo) {
      edit((draft) => {
        const entry = draft.instances[instanceId];
        if (entry) entry.connection = { ...info };
      });
    },

    markListed(instanceId) {
      edit((draft) => {
        const entry = draft.instances[instanceId];
        if (entry && !entry.listed) entry.listed = true;
      });
    },

    countFrame(instanceId, kind, at) {
      edit((draft) => {
        const counters = draft.instances[instanceId]?.counters;
        if (!counters) return;
        if (kind === "error") counters.errors++;
        if (counters.lastEventAt === null || at > counters.lastEventAt) counters.lastEventAt = at;
      });
    },

    applyEvents(events) {
      if (events.length === 0) return;
      edit((draft) => {
        for (const ev of events) {
          const result = applyEvent(draft, ev);
          const counters = draft.instances[ev.instanceId]?.counters;
          if (!counters) continue;
          counters.events++;
          if (result === "unknown") counters.unknown++;
          if (counters.lastEventAt === null || ev.receivedAt > counters.lastEventAt) counters.lastEventAt = ev.receivedAt;
        }
      });
    },

    reconcileInstance(instanceId, snapshot) {
      edit((draft) => reconcileInstance(draft, instanceId, snapshot));
    },

    reconcileMessages(instanceId, sessionId, page, mode) {
      edit((draft) => reconcileMessages(draft, instanceId, sessionId, page, mode));
    },

    upsertSession(instanceId, session) {
      edit((draft) => {
        upsertSessionEntry(draft, instanceId, session);
      });
    },

    addOptimisticMessage(sessionId, message, parts) {
      edit((draft) => {
        const optimistic = optimisticIds(draft);
        upsertMessage(draft, { ...message, sessionID: sessionId });
        optimistic[message.id] = true;
        const list = (draft.parts[message.id] ??= []);
        for (const part of parts) {
          upsertById(list, { ...part });
          optimistic[part.id] = true;
        }
      });
    },

    removeMessage(sessionId, messageId) {
      edit((draft) => {
        removeMessageData(draft, sessionId, messageId);
      });
    },
  };

  return {
    state,
    mutations,
    dispose() {
      for (const timer of goneTimers.values()) clearTimeout(timer);
      goneTimers.clear();
    },
  };
}

function connecting(): ConnectionInfo {
  return { state: "connecting", attempt: 0, nextRetryAt: null, error: null };
}

function newEntry(info: Instance): InstanceEntry {
  return { info, connection: connecting(), counters: { events: 0, errors: 0, unknown: 0, lastEventAt: null }, gone: false };
}

/** Deletes an instance and every reference sessions hold to it. */
function dropInstance(state: State, id: string): void {
  delete state.instances[id];
  for (const entry of Object.values(state.sessions)) {
    if (entry.seenBy.includes(id)) entry.seenBy = entry.seenBy.filter((x) => x !== id);
    if (entry.liveOwner?.instanceId === id) {
      entry.liveOwner = null;
      // Its process is gone for good: nothing runs the session any more (a new owner's resync or events say otherwise).
      delete state.status[entry.info.id];
    }
  }
}
