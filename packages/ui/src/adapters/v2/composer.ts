/**
 * The composer's calls (`ComposerApi`) on one OpenCode 2 server, for one folder (2.x lists agents,
 * models, commands and files per location, sent in `x-opencode-directory`). Measured on 2.1.2:
 * `/api/agent` items `{id,name,description,mode,hidden}`, `/api/model` items `{id,providerID,name}`,
 * `/api/model/default` one model, `/api/command` `{name,description}`, `/api/fs/find` `{path,type}`.
 */
import { acceptedWithin } from "../../api/accepted-within";
import { ACCEPT_MS, type ComposerApi, type ModelChoice } from "../../api/composer-api";
import type { RequesterOptions } from "../../api/opencode-request";
import { isRecord, str } from "../../store/guards";
import type { AdapterTarget } from "../types";
import { chooseAgentModel } from "./choose";
import { asList, makeV2Requester, seg } from "./request";

/** How many file matches `@` shows. */
const FIND_LIMIT = 20;

/** Creates the API for `target`, bound to `directory` (null: the server's own folder). */
export function makeV2ComposerApi(
  target: AdapterTarget,
  directory: string | null,
  options: RequesterOptions & { acceptMs?: number } = {},
): ComposerApi {
  const api = makeV2Requester(target, options);
  const acceptMs = options.acceptMs ?? ACCEPT_MS;
  const at = { directory };
  const list = async (path: string, what: string) => asList(await api.call<unknown>("GET", path, what, at), api.who, what).filter(isRecord);

  return {
    async commands() {
      return (await list("command", "to list commands")).flatMap((c) => {
        const name = str(c.name);
        return name ? [{ name, description: str(c.description) ?? "", source: str(c.source) ?? "command" }] : [];
      });
    },
    async agents() {
      return (await list("agent", "to list agents"))
        .filter((a) => a.mode !== "subagent" && a.hidden !== true)
        .flatMap((a) => {
          // The id is what `POST …/agent` takes; `name` is its display form ("Build").
          const id = str(a.id) ?? str(a.name);
          return id ? [{ name: id, description: str(a.description) ?? "" }] : [];
        });
    },
    async models() {
      const [all, fallback] = await Promise.all([
        list("model", "to list models"),
        api.call<unknown>("GET", "model/default", "to name its default model", at).catch((err: unknown) => {
          console.warn(`${api.who}: no default model`, err);
          return null;
        }),
      ]);
      const models: ModelChoice[] = all
        .filter((m) => m.enabled !== false)
        .flatMap((m) => {
          const providerID = str(m.providerID);
          const modelID = str(m.id) ?? str(m.modelID);
          return providerID && modelID ? [{ providerID, modelID, name: str(m.name) ?? modelID, providerName: providerID }] : [];
        });
      const d = isRecord(fallback) ? { providerID: str(fallback.providerID) ?? "", modelID: str(fallback.id) ?? "" } : null;
      const listed = d && models.some((m) => m.providerID === d.providerID && m.modelID === d.modelID);
      return { models, default: listed ? d : null };
    },
    async findFiles(query, signal) {
      const found = await api.call<unknown>("GET", "fs/find", "to search files", {
        ...at,
        query: { query, type: "file", limit: FIND_LIMIT },
        ...(signal ? { signal } : {}),
      });
      return asList(found, api.who, "the file search").flatMap((f) => (isRecord(f) && typeof f.path === "string" ? [f.path] : []));
    },
    directory: () => directory ?? target.directory ?? null,
    // The chosen agent/model are switched first (awaited), then the call counts as taken after acceptMs.
    async runCommand(sessionId, body) {
      await chooseAgentModel(api, sessionId, body.agent, body.model);
      await acceptedWithin(
        api.call("POST", `session/${seg(sessionId)}/command`, "the command", {
          body: {
            name: body.command,
            text: body.arguments,
            ...(body.parts?.length ? { files: body.parts.map((f) => ({ uri: f.url, name: f.filename })) } : {}),
          },
        }),
        acceptMs,
        `${api.who}: /${body.command}`,
      );
    },
    async runShell(sessionId, body) {
      await chooseAgentModel(api, sessionId, body.agent, body.model);
      await acceptedWithin(
        api.call("POST", `session/${seg(sessionId)}/shell`, "the shell command", { body: { command: body.command } }),
        acceptMs,
        `${api.who}: shell`,
      );
    },
  };
}
