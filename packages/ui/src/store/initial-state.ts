import type { State } from "./types";

/** A fresh, empty State (the hub not yet reached). */
export function createInitialState(): State {
  return {
    hub: { state: "connecting", error: null },
    instances: {},
    unreachable: [],
    machines: [],
    nearby: [],
    scan: null,
    sessions: {},
    messages: {},
    parts: {},
    status: {},
    permissions: {},
    questions: {},
    todos: {},
    sessionErrors: {},
    historyCursor: {},
    optimistic: {},
  };
}
