/** TEMPORARY stand-ins for B1's records.ts / normalize.ts until they land (same signatures). */
import type { NormalizedFrame } from "../../store/normalize-event";
import type { Message, Part, PermissionRequest, QuestionRequest, Session, SessionStatus } from "../../store/types";

export const sessionFromV2 = (raw: unknown): Session | null => {
  const r = raw as { id?: string; location?: { directory?: string }; title?: string; time?: { created: number; updated: number } };
  return r?.id ? ({ id: r.id, directory: r.location?.directory ?? "", title: r.title ?? "", time: r.time ?? { created: 0, updated: 0 } } as unknown as Session) : null;
};
export const messagesFromV2 = (raw: readonly unknown[]): Array<{ info: Message; parts: Part[] }> => {
  void raw;
  return [];
};
export const permissionFromV2 = (raw: unknown): PermissionRequest | null => raw as PermissionRequest;
export const questionFromForm = (raw: unknown): QuestionRequest | null => raw as QuestionRequest;
export const formAnswer = (form: QuestionRequest, answers: string[][]): Record<string, string> =>
  Object.fromEntries(answers.map((a, i) => [`q${i}`, a.join(", ")]).filter(() => !!form));
export const statusFromActive = (raw: unknown): Record<string, SessionStatus> => {
  const out: Record<string, SessionStatus> = {};
  for (const id of Object.keys((raw ?? {}) as object)) out[id] = { type: "busy" };
  return out;
};
export interface V2Normalizer {
  normalize(data: string, receivedAt: number): NormalizedFrame[];
  reset(): void;
}
export const makeV2Normalizer = (instanceId: string): V2Normalizer => ({ normalize: () => (instanceId ? [] : []), reset: () => undefined });
