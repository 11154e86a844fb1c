/**
 * What a session last used: the one rule for the composer's default picks, the optimistic copy of a
 * prompt, and Compact's model.
 */
import type { Message, ModelRef, Session } from "./types";

/**
 * Whose word counts: `"prompts"`, what the user last chose (the composer's default, a prompt's
 * optimistic copy: a TUI's choice carries over even while a reply by another model is the newest);
 * `"any"`, what last ran (Compact: a reply names the model that actually answered).
 */
export type ModelSource = "prompts" | "any";

/**
 * The model a session last used: that of its newest message naming one (see {@link ModelSource};
 * an optimistic prompt may name none), else the session's own; null when nothing names one.
 */
export function lastModel(session: Pick<Session, "model"> | undefined, messages: readonly Message[], from: ModelSource = "any"): ModelRef | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user" && m.model?.providerID && m.model.modelID) return { providerID: m.model.providerID, modelID: m.model.modelID };
    if (from === "any" && m?.role === "assistant" && m.providerID && m.modelID) return { providerID: m.providerID, modelID: m.modelID };
  }
  return session?.model ? { providerID: session.model.providerID, modelID: session.model.id } : null;
}

/** The agent of the session's newest prompt, if it has one. */
export function lastAgent(messages: readonly Message[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user") return m.agent;
  }
  return undefined;
}
