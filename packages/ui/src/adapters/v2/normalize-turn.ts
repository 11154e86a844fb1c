/**
 * The live side of a v2 turn: keeps a v2-shaped copy of each streaming assistant message (the same
 * projection the 2.1.2 server stores: content entries appended on each `*.started` event, updated by the
 * later events of the same entry) and converts it with normalize-parts, so live parts equal the parts
 * `GET …/message` answers. Per-connection state; `reset()` on a new connection.
 */
import type { Message, Part } from "../../store/types";
import { assistantFromRecords, assistantInfo, contentPart, partId } from "./normalize-parts";
import { readAssistant } from "./records";
import { isRecord, num, readError, readTokens, rec, str, type V2Assistant, type V2Content } from "./normalize-shapes";

/** One streaming assistant message and where its entries are. */
interface LiveMessage {
  sessionID: string;
  parentID: string;
  msg: V2Assistant;
  /** `text:<ordinal>` / `reasoning:<ordinal>` → content position (deltas and ends name the ordinal). */
  ordinals: Map<string, number>;
}

/** A record change for the reducer: the caller wraps these into IncomingEvents. */
export type TurnOutput =
  | { type: "message.updated"; properties: { info: Message } }
  | { type: "message.part.updated"; properties: { part: Part } }
  | { type: "message.part.delta"; properties: { sessionID: string; messageID: string; partID: string; field: "text"; delta: string } };

/** The per-connection projection of streaming assistant messages. */
export class TurnProjection {
  private readonly live = new Map<string, LiveMessage>();
  /** sessionID → the last delivered user message id (an assistant's parentID). */
  private readonly lastUser = new Map<string, string>();
  /** sessionID → the assistant message of its current step. */
  private readonly current = new Map<string, string>();

  reset(): void {
    this.live.clear();
    this.lastUser.clear();
    this.current.clear();
  }

  /** The last prompt delivered in a session ("" when unknown): what a following message answers. */
  lastPrompt(sessionID: string): string {
    return this.lastUser.get(sessionID) ?? "";
  }

  /** Records the user message a following step answers. */
  userDelivered(sessionID: string, messageID: string): void {
    this.lastUser.set(sessionID, messageID);
  }

  /**
   * Learns messages read over REST (a page of `GET …/message`) so a turn joined mid-way (after a
   * reconnect) continues at the right content positions. Without it, events of a message whose start
   * this connection missed are dropped and the message stays as the resync read it.
   */
  learn(sessionID: string, raw: readonly unknown[]): void {
    // Pages come newest first; walk them in delivery order so each message finds the prompt before it.
    const items = raw.filter(isRecord).sort((a, b) => (num(rec(a.time).created) ?? 0) - (num(rec(b.time).created) ?? 0));
    for (const item of items) {
      if (item.type === "user" && str(item.id)) this.lastUser.set(sessionID, str(item.id) ?? "");
      if (item.type !== "assistant") continue;
      const msg = readAssistant(item);
      if (!msg || msg.time.completed !== undefined) continue;
      this.live.set(msg.id, { sessionID, parentID: this.lastPrompt(sessionID), msg, ordinals: new Map() });
      this.current.set(sessionID, msg.id);
    }
  }

  /**
   * The same from the store's records of a page (what the engine holds after a resync): user messages
   * set the prompt a step answers, unfinished assistant messages continue at the positions their part ids name.
   */
  learnRecords(sessionID: string, messages: ReadonlyArray<{ info: Message; parts: readonly Part[] }>): void {
    const ordered = [...messages].sort((a, b) => a.info.time.created - b.info.time.created);
    for (const { info, parts } of ordered) {
      if (info.role === "user") this.lastUser.set(sessionID, info.id);
      else if (info.time.completed === undefined && info.agent !== "shell") {
        this.live.set(info.id, { sessionID, parentID: info.parentID, msg: assistantFromRecords(info, parts), ordinals: new Map() });
        this.current.set(sessionID, info.id);
      }
    }
  }

  /** Forgets a session's finished messages (its execution ended: no more events name them). */
  settle(sessionID: string): void {
    for (const [id, entry] of this.live) if (entry.sessionID === sessionID) this.live.delete(id);
    this.current.delete(sessionID);
  }

  private info(entry: LiveMessage): TurnOutput {
    return { type: "message.updated", properties: { info: assistantInfo(entry.sessionID, entry.msg, entry.parentID) } };
  }

  private part(entry: LiveMessage, position: number): TurnOutput[] {
    const content = entry.msg.content[position];
    return content ? [{ type: "message.part.updated", properties: { part: contentPart(entry.sessionID, entry.msg.id, position, content) } }] : [];
  }

  /** `session.step.started`: a new assistant message (or a retried one restarting). */
  stepStarted(sessionID: string, d: Record<string, unknown>, at: number): TurnOutput[] {
    const id = str(d.assistantMessageID);
    if (!id) return [];
    const out: TurnOutput[] = [];
    const existing = this.live.get(id);
    const model = rec(d.model);
    const started = num(d.started) ?? at;
    if (existing) {
      const m = existing.msg;
      m.agent = str(d.agent) ?? m.agent;
      if (str(model.id)) m.model = { id: str(model.id) ?? "", providerID: str(model.providerID) ?? "" };
      m.time = { created: started };
      delete m.finish;
      delete m.error;
      return [this.info(existing)];
    }
    // As the server does: a newer step closes an unfinished older one.
    const previous = this.live.get(this.current.get(sessionID) ?? "");
    if (previous && previous.msg.time.completed === undefined) {
      previous.msg.time.completed = at;
      out.push(this.info(previous));
    }
    const variant = str(model.variant);
    const entry: LiveMessage = {
      sessionID,
      parentID: this.lastPrompt(sessionID),
      msg: {
        id,
        type: "assistant",
        agent: str(d.agent) ?? "",
        model: { id: str(model.id) ?? "", providerID: str(model.providerID) ?? "", ...(variant ? { variant } : {}) },
        time: { created: started },
        content: [],
      },
      ordinals: new Map(),
    };
    this.live.set(id, entry);
    this.current.set(sessionID, id);
    out.push(this.info(entry));
    return out;
  }

  /** Runs `edit` on the live message named by the event; [] when this connection does not know it. */
  private with(d: Record<string, unknown>, edit: (entry: LiveMessage) => TurnOutput[]): TurnOutput[] {
    const entry = this.live.get(str(d.assistantMessageID) ?? "");
    return entry ? edit(entry) : [];
  }

  /** `session.step.ended` / `session.step.failed`: the message completes with its usage, finish or error. */
  stepEnded(d: Record<string, unknown>, at: number, failed: boolean): TurnOutput[] {
    return this.with(d, (entry) => {
      const m = entry.msg;
      m.time.completed = at;
      const finish = str(d.finish);
      if (finish) m.finish = finish;
      else if (failed) m.finish = "error";
      const cost = num(d.cost);
      if (cost !== undefined) m.cost = cost;
      const tokens = readTokens(d.tokens);
      if (tokens) m.tokens = tokens;
      if (failed) m.error = readError(d.error) ?? {};
      return [this.info(entry)];
    });
  }

  /** `session.text.started` / `session.reasoning.started`: a new entry at the end of the content. */
  blockStarted(kind: "text" | "reasoning", d: Record<string, unknown>, at: number): TurnOutput[] {
    return this.with(d, (entry) => {
      const position = entry.msg.content.length;
      entry.msg.content.push(kind === "text" ? { type: "text", text: "" } : { type: "reasoning", text: "", time: { created: at } });
      entry.ordinals.set(`${kind}:${num(d.ordinal) ?? 0}`, position);
      return this.part(entry, position);
    });
  }

  /** The position of the text/reasoning entry an event names (by ordinal; else the server's own rule: the latest open one). */
  private blockAt(entry: LiveMessage, kind: "text" | "reasoning", d: Record<string, unknown>): number {
    const known = entry.ordinals.get(`${kind}:${num(d.ordinal) ?? 0}`);
    if (known !== undefined) return known;
    const content = entry.msg.content;
    for (let i = content.length - 1; i >= 0; i--) {
      const c = content[i];
      if (c?.type === kind && !(c.type === "reasoning" && c.time?.completed !== undefined)) return i;
    }
    return -1;
  }

  /** `session.text.delta` / `session.reasoning.delta`: appended to the entry's text (reducer: message.part.delta). */
  blockDelta(kind: "text" | "reasoning", d: Record<string, unknown>): TurnOutput[] {
    const delta = d.delta;
    if (typeof delta !== "string") return [];
    return this.with(d, (entry) => {
      const position = this.blockAt(entry, kind, d);
      const c = entry.msg.content[position];
      if (!c || c.type !== kind) return [];
      c.text += delta;
      return [
        {
          type: "message.part.delta",
          properties: { sessionID: entry.sessionID, messageID: entry.msg.id, partID: partId(entry.msg.id, position), field: "text", delta },
        },
      ];
    });
  }

  /** `session.text.ended` / `session.reasoning.ended`: the entry's whole text (the deltas are not stored). */
  blockEnded(kind: "text" | "reasoning", d: Record<string, unknown>, at: number): TurnOutput[] {
    return this.with(d, (entry) => {
      const position = this.blockAt(entry, kind, d);
      const c = entry.msg.content[position];
      if (!c || c.type !== kind) return [];
      if (typeof d.text === "string") c.text = d.text;
      if (c.type === "reasoning") c.time = { created: c.time?.created ?? at, completed: at };
      return this.part(entry, position);
    });
  }

  /** The tool entry of call `d.id` (the latest one with that id, as the server finds it). */
  private toolAt(entry: LiveMessage, d: Record<string, unknown>): number {
    const call = str(d.id) ?? str(d.callID);
    const content = entry.msg.content;
    for (let i = content.length - 1; i >= 0; i--) {
      const c = content[i];
      if (c?.type === "tool" && c.id === call) return i;
    }
    return -1;
  }

  /** `session.tool.*`: the tool entry's state follows the server's transitions. */
  tool(event: string, d: Record<string, unknown>, at: number): TurnOutput[] {
    return this.with(d, (entry) => {
      if (event === "input.started") {
        const call = str(d.id) ?? str(d.callID);
        if (!call) return [];
        const position = entry.msg.content.length;
        entry.msg.content.push({
          type: "tool",
          id: call,
          name: str(d.name) ?? "tool",
          state: { status: "streaming", input: "" },
          time: { created: at },
        });
        return this.part(entry, position);
      }
      const position = this.toolAt(entry, d);
      const c: V2Content | undefined = entry.msg.content[position];
      if (!c || c.type !== "tool") return [];
      const s = c.state;
      if (event === "input.ended" && s.status === "streaming") s.input = typeof d.text === "string" ? d.text : s.input;
      else if (event === "called") {
        c.state = { status: "running", input: d.input, metadata: {} };
        c.time = { ...c.time, ran: at };
      } else if (event === "progress" && s.status === "running") {
        // Live only (2.1.2 stores no progress): a sub-agent's child session id arrives here first.
        if (isRecord(d.metadata)) s.metadata = { ...s.metadata, ...d.metadata };
      } else if (event === "success" && s.status === "running") {
        c.state = {
          status: "completed",
          input: s.input,
          content: Array.isArray(d.content) ? d.content : [],
          ...(isRecord(d.metadata) ? { metadata: d.metadata } : {}),
        };
        c.time = { ...c.time, completed: at };
      } else if (event === "failed" && (s.status === "running" || s.status === "streaming")) {
        const error = rec(d.error);
        c.state = {
          status: "error",
          input: typeof s.input === "string" ? {} : s.input,
          error: {
            ...(str(error.type) ? { type: str(error.type) ?? "" } : {}),
            ...(str(error.message) ? { message: str(error.message) ?? "" } : {}),
          },
          ...(Array.isArray(d.content) ? { content: d.content } : {}),
          ...(isRecord(d.metadata) ? { metadata: d.metadata } : {}),
        };
        c.time = { ...c.time, completed: at };
      } else return [];
      return this.part(entry, position);
    });
  }
}
