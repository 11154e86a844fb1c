/**
 * OpenCode 2 REST answers → the store's records (pure; never throw). Payloads come from another process
 * and another generation, so every field is read leniently and a record missing what the store indexes by
 * is dropped (null) rather than trusted.
 */
import type { Message, Part, PermissionRequest, QuestionRequest, Session, SessionStatus } from "../../store/types";

type QuestionInfo = QuestionRequest["questions"][number];
import { assistantInfo, assistantParts, shellRecords, userRecords } from "./normalize-parts";
import {
  arr,
  isRecord,
  num,
  readContent,
  readError,
  readModel,
  readShell,
  readTokens,
  rec,
  str,
  type V2Assistant,
  type V2Content,
  type V2User,
} from "./normalize-shapes";

/** Answers are `{data: X}` (sometimes `{location, data}`); a bare X is accepted too. */
function unwrap(raw: unknown): unknown {
  return isRecord(raw) && raw.id === undefined && isRecord(raw.data) ? raw.data : raw;
}

/** A v2 Session → the store's Session. `version` is "2" (REST answers carry no version). */
export function sessionFromV2(raw: unknown): Session | null {
  const s = unwrap(raw);
  if (!isRecord(s)) return null;
  const id = str(s.id);
  const created = num(rec(s.time).created);
  if (!id || created === undefined) return null;
  const time = rec(s.time);
  const archived = num(time.archived);
  const session: Session = {
    id,
    slug: str(s.slug) ?? "",
    projectID: str(s.projectID) ?? "",
    directory: str(rec(s.location).directory) ?? "",
    title: typeof s.title === "string" ? s.title : "",
    version: "2",
    time: { created, updated: num(time.updated) ?? created, ...(archived !== undefined ? { archived } : {}) },
  };
  const parentID = str(s.parentID);
  if (parentID) session.parentID = parentID;
  const agent = str(s.agent);
  if (agent) session.agent = agent;
  if (isRecord(s.model) && str(s.model.id)) session.model = readModel(s.model);
  const revert = str(rec(s.revert).messageID);
  if (revert) session.revert = { messageID: revert };
  return session;
}

/** A stored v2 assistant message, read leniently (unknown content entries dropped). */
export function readAssistant(raw: Record<string, unknown>): V2Assistant | null {
  const id = str(raw.id);
  const time = rec(raw.time);
  const created = num(time.created);
  if (!id || created === undefined) return null;
  const completed = num(time.completed);
  const content = arr(raw.content)
    .map(readContent)
    .filter((c): c is V2Content => c !== null);
  const msg: V2Assistant = {
    id,
    type: "assistant",
    agent: str(raw.agent) ?? "",
    model: readModel(raw.model),
    time: completed === undefined ? { created } : { created, completed },
    content,
  };
  const finish = str(raw.finish);
  if (finish) msg.finish = finish;
  const cost = num(raw.cost);
  if (cost !== undefined) msg.cost = cost;
  const tokens = readTokens(raw.tokens);
  if (tokens) msg.tokens = tokens;
  const error = readError(raw.error);
  if (error) msg.error = error;
  return msg;
}

/** A stored v2 user message. */
export function readUser(raw: Record<string, unknown>): V2User | null {
  const id = str(raw.id);
  const created = num(rec(raw.time).created);
  if (!id || created === undefined) return null;
  return {
    id,
    type: "user",
    time: { created },
    text: typeof raw.text === "string" ? raw.text : "",
    ...(Array.isArray(raw.files) ? { files: raw.files } : {}),
  };
}

/**
 * A page of v2 messages (any order) → the store's messages with parts, sorted by id (the store's order).
 * `user` and `assistant` messages are shown, and `shell` ones (a command the user ran) as an assistant
 * message with one `shell` tool call; the rest (idle, system, synthetic, skill, compaction,
 * agent-/model-/location-switched) are dropped: the 1.x timeline has no place for them.
 * An assistant's parentID is the user message delivered before it (by time, then id), "" when that one
 * is on an older page.
 */
export function messagesFromV2(raw: readonly unknown[], sessionID = sessionOf(raw)): Array<{ info: Message; parts: Part[] }> {
  const items = raw.filter(isRecord);
  const byTime = [...items].sort(
    (a, b) => (num(rec(a.time).created) ?? 0) - (num(rec(b.time).created) ?? 0) || ((str(a.id) ?? "") < (str(b.id) ?? "") ? -1 : 1),
  );
  const out: Array<{ info: Message; parts: Part[] }> = [];
  let lastUser = "";
  for (const item of byTime) {
    if (item.type === "user") {
      const user = readUser(item);
      if (!user) continue;
      lastUser = user.id;
      out.push(userRecords(sessionID, user));
    } else if (item.type === "assistant") {
      const msg = readAssistant(item);
      if (msg) out.push({ info: assistantInfo(sessionID, msg, lastUser), parts: assistantParts(sessionID, msg) });
    } else if (item.type === "shell") {
      const id = str(item.id);
      const created = num(rec(item.time).created);
      if (id && created !== undefined) out.push(shellRecords(sessionID, readShell(item, id, created), lastUser));
    }
  }
  return out.sort((a, b) => (a.info.id < b.info.id ? -1 : a.info.id > b.info.id ? 1 : 0));
}

/**
 * v2 messages carry no sessionID. The caller knows it and should pass it; without it, this falls back to
 * a `sessionID` field if a future version adds one, else "".
 */
function sessionOf(raw: readonly unknown[]): string {
  for (const item of raw) {
    const id = isRecord(item) ? str(item.sessionID) : null;
    if (id) return id;
  }
  return "";
}

/** A v2 permission request → the store's PermissionRequest (action → permission, resources → patterns, save → always). */
export function permissionFromV2(raw: unknown): PermissionRequest | null {
  const p = unwrap(raw);
  if (!isRecord(p)) return null;
  const id = str(p.id);
  const sessionID = str(p.sessionID);
  if (!id || !sessionID) return null;
  const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === "string");
  const request: PermissionRequest = {
    id,
    sessionID,
    permission: str(p.action) ?? "unknown",
    patterns: strings(p.resources),
    metadata: {},
    always: strings(p.save),
  };
  const source = rec(p.source);
  const messageID = str(source.messageID);
  const callID = str(source.id);
  if (messageID && callID) request.tool = { messageID, callID };
  return request;
}

/** How a form field is answered, kept on the QuestionRequest so the answer can be sent back by key. */
export interface FormFieldKey {
  key: string;
  /** Option label → the value the form expects. */
  values: Record<string, string>;
}

/** The store's QuestionRequest for a v2 form, plus the field keys ({@link formAnswer} reads them). */
export type FormQuestionRequest = QuestionRequest & { formFields: FormFieldKey[] };

/**
 * A v2 form → the store's QuestionRequest. A `question` form (the question tool) has one field per question:
 * title → header, description → question text, options → options, multiselect → multiple. Other forms
 * (e.g. an MCP server's) map the same way; a field without options is answered with free text.
 */
export function questionFromForm(raw: unknown): QuestionRequest | null {
  const f = unwrap(raw);
  if (!isRecord(f)) return null;
  const id = str(f.id);
  const sessionID = str(f.sessionID);
  const fields = arr(f.fields).filter(isRecord);
  if (!id || !sessionID || fields.length === 0) return null;
  const questions: QuestionInfo[] = [];
  const formFields: FormFieldKey[] = [];
  fields.forEach((field, i) => {
    const options = arr(field.options).filter(isRecord);
    const title = str(field.title) ?? str(field.key) ?? `Question ${i + 1}`;
    questions.push({
      question: str(field.description) ?? title,
      header: title,
      options: options.map((o) => ({ label: str(o.label) ?? String(o.value ?? ""), description: str(o.description) ?? "" })),
      ...(field.type === "multiselect" ? { multiple: true } : {}),
      custom: options.length === 0 || field.custom !== false,
    });
    const values: Record<string, string> = {};
    for (const o of options) values[str(o.label) ?? String(o.value ?? "")] = typeof o.value === "string" ? o.value : String(o.value ?? "");
    formFields.push({ key: str(field.key) ?? `q${i}`, values });
  });
  const request: FormQuestionRequest = { id, sessionID, questions, formFields };
  const tool = rec(rec(f.metadata).tool);
  const messageID = str(tool.messageID);
  const callID = str(tool.id);
  if (messageID && callID) request.tool = { messageID, callID };
  return request;
}

/**
 * The store's answers (one list of chosen labels per question) → the `answer` map of
 * `POST …/form/{id}/reply`. Labels become the form's option values; typed (custom) answers pass as is.
 * Several choices are joined with ", " (what the 2.1.2 question tool writes for a list, too).
 */
export function formAnswer(form: QuestionRequest, answers: string[][]): Record<string, string> {
  const fields = (form as Partial<FormQuestionRequest>).formFields ?? [];
  const out: Record<string, string> = {};
  form.questions.forEach((_, i) => {
    const field = fields[i] ?? { key: `q${i}`, values: {} };
    const chosen = (answers[i] ?? []).map((label) => field.values[label] ?? label);
    if (chosen.length > 0) out[field.key] = chosen.join(", ");
  });
  return out;
}

/** `GET /api/session/active` (`{ses_…: {type:"running"}}`, wrapped in `data` or not) → busy statuses. */
export function statusFromActive(raw: unknown): Record<string, SessionStatus> {
  const map = isRecord(raw) && isRecord(raw.data) ? raw.data : rec(raw);
  const out: Record<string, SessionStatus> = {};
  for (const [id, value] of Object.entries(map)) {
    // Only "running" was seen; any other non-idle entry is still a session at work.
    if (id.startsWith("ses") && rec(value).type !== "idle") out[id] = { type: "busy" };
  }
  return out;
}
