/**
 * OpenCode 2 keeps a session's agent and model on the session (`POST …/agent`, `POST …/model`),
 * not on each request: a prompt, a /command or a !shell switches them first, and only when they
 * differ, since each switch adds a message to the session (measured on 2.1.2).
 */
import { seg, type V2Requester } from "./request";

/** The fields of a raw 2.x session a switch compares with. */
interface RawChoice {
  agent?: string;
  model?: { id?: string; providerID?: string };
}

/** Switches the session's agent and/or model to the chosen ones where they differ; nothing chosen, nothing sent. */
export async function chooseAgentModel(
  api: V2Requester,
  sessionId: string,
  agent: string | undefined,
  model: { providerID: string; modelID: string } | undefined,
): Promise<void> {
  if (!agent && !model) return;
  const current = (await api.call<RawChoice | undefined>("GET", `session/${seg(sessionId)}`, "to read the session")) ?? {};
  if (agent && current.agent !== agent) {
    await api.call("POST", `session/${seg(sessionId)}/agent`, "the agent choice", { body: { agent } });
  }
  if (model && (current.model?.id !== model.modelID || current.model?.providerID !== model.providerID)) {
    await api.call("POST", `session/${seg(sessionId)}/model`, "the model choice", {
      body: { model: { id: model.modelID, providerID: model.providerID } },
    });
  }
}
