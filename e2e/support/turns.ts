/** Runs whole turns on a fleet server over REST (arranging state for browser tests). */
import { isSettled, promptAsync, rest, storedMessages, type RestTarget, type StoredMessage } from "./rest.js";
import type { V2FleetServer } from "../../scripts/fleet/index.js";
import { isSettled as fleetSettled, listMessages, promptAsync as fleetPrompt, type V2Message } from "../../scripts/fleet/client.js";
import { waitFor } from "./wait.js";

/** Sends `text` and waits until the session is idle with a completed reply; resolves the user message the turn started with. */
export async function runTurn(target: RestTarget, sessionId: string, text: string, timeoutMs = 60_000): Promise<StoredMessage> {
  const before = (await storedMessages(target, sessionId)).length;
  await promptAsync(target, sessionId, text);
  await waitFor(
    `the turn "${text.slice(0, 40)}" to settle`,
    async () => (await storedMessages(target, sessionId)).length > before && (await isSettled(target, sessionId)),
    timeoutMs,
  );
  const all = await storedMessages(target, sessionId);
  const user = all.slice(before).find((m) => m.info.role === "user");
  if (!user) throw new Error(`no user message stored for "${text}"`);
  return user;
}

/** `GET /session/{id}`: the server's copy of a session. */
export function storedSession<T = { id: string; title: string; time: { archived?: number }; revert?: { messageID: string } }>(
  target: RestTarget,
  sessionId: string,
): Promise<T> {
  return rest<T>(target, `/session/${sessionId}`);
}

/** OpenCode 2: sends `text` over REST and waits for its turn to end; resolves its user message. */
export async function runV2Turn(server: V2FleetServer, sessionId: string, text: string, timeoutMs = 60_000): Promise<V2Message> {
  const before = (await listMessages(server, sessionId)).length;
  await fleetPrompt(server, sessionId, text);
  await waitFor(
    `the turn "${text.slice(0, 40)}" to end`,
    async () => (await listMessages(server, sessionId)).length > before && (await fleetSettled(server, sessionId)),
    timeoutMs,
  );
  const user = (await listMessages(server, sessionId)).slice(before).find((m) => m.type === "user");
  if (!user) throw new Error(`no user message stored for "${text}"`);
  return user;
}
