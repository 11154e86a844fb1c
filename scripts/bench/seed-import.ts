/**
 * Seeds a long session fast and for real: a few turns are run over REST against the mock model
 * (one of each kind the benchmark uses, and the final OPEN_MARK turn), the session is exported the
 * way OpenCode exports it, its turns are repeated with fresh ascending ids up to the wanted size,
 * and the result is imported with OpenCode's own import: `opencode import <file>` for 1.x, `POST
 * /api/experimental/session/import` for 2.x. Seeding 3,000 messages prompt by prompt takes tens of
 * minutes on a loaded machine; this takes seconds once the template turns have run.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { api } from "../fleet/client.js";
import { opencodeBin } from "../fleet/opencode-bin.js";
import type { FleetServer } from "../fleet/index.js";
import { OPEN_MARK, type LongSession, type VersusTarget } from "./versus-targets.js";
import { waitFor } from "../../e2e/support/wait.js";

/** One stored message in either generation's export: 1.x `{info, parts}`, 2.x flat with `type`. */
type Exported = Record<string, unknown>;
interface SessionExport {
  info: Record<string, unknown> & { id: string };
  messages: Exported[];
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const random62 = (n: number): string => [...randomBytes(n)].map((b) => BASE62[b % 62]).join("");

/** OpenCode's id shape (`<prefix>_<12 hex of time and counter><14 random>`), counting up from `base`. */
function idMaker(base: string): (prefix: string) => string {
  let next = BigInt(`0x${base.slice(base.indexOf("_") + 1).slice(0, 12)}`);
  return (prefix) => `${prefix}_${(next++).toString(16).padStart(12, "0").slice(-12)}${random62(14)}`;
}

const isUser = (m: Exported): boolean => ((m.info as Exported | undefined)?.role ?? m.type) === "user";

/** The export's turns: each starts at a user message. */
function turnsOf(messages: Exported[]): Exported[][] {
  const turns: Exported[][] = [];
  for (const m of messages) {
    if (isUser(m) || turns.length === 0) turns.push([]);
    turns.at(-1)?.push(m);
  }
  return turns;
}

/**
 * A copy of `template` with `turns` turns: its turns but the last repeated in order, then its last
 * (the OPEN_MARK turn); every message and part gets a fresh id, references and times follow.
 */
export function grownExport(template: SessionExport, turns: number): SessionExport {
  const all = turnsOf(template.messages);
  const final = all.at(-1);
  const body = all.slice(0, -1);
  if (!final || body.length === 0) throw new Error("the template needs at least two turns");
  const firstId = String(((template.messages[0]?.info as Exported | undefined) ?? template.messages[0])?.id ?? "msg_000000000000");
  const newId = idMaker(firstId);
  const sessionId = `ses_${template.info.id.slice(4, 16)}${random62(14)}`;
  const t0 = Number((template.info.time as { created: number }).created);
  const picked = [...Array.from({ length: turns - 1 }, (_, i) => body[i % body.length] ?? []), final];
  const messages: Exported[] = [];
  const renamed = new Map<string, string>();
  let k = 0;
  for (const turn of picked) {
    for (const m of turn) {
      const at = t0 + ++k * 10;
      const copy = structuredClone(m);
      const info = (copy.info as Exported | undefined) ?? copy;
      const id = newId("msg");
      renamed.set(String(info.id), id);
      info.id = id;
      const time = info.time as Record<string, number>;
      for (const key of Object.keys(time)) time[key] = key === "created" ? at : at + 5;
      if (copy.info) {
        info.sessionID = sessionId;
        if (typeof info.parentID === "string") info.parentID = renamed.get(info.parentID) ?? info.parentID;
        for (const part of copy.parts as Exported[]) Object.assign(part, { id: newId("prt"), sessionID: sessionId, messageID: id });
      }
      messages.push(copy);
    }
  }
  const info: SessionExport["info"] = { ...structuredClone(template.info), id: sessionId, title: `long session: ${turns} turns` };
  info.time = { ...(info.time as Record<string, number>), updated: t0 + k * 10 + 5 };
  return { info, messages };
}

/** Template turns: one of each kind the versus bench seeds, then the OPEN_MARK turn. */
const TEMPLATE = ["[[long:220]]", "[[code:ts]]", "[[reasoning]] [[long:120]]", "[[long:60]]"];

/** Runs the template turns on `target` over REST; returns the session id. */
export async function runTemplate(target: VersusTarget): Promise<string> {
  const id = await target.createSession("long session template");
  const prompts = [...TEMPLATE.map((cue, i) => `turn ${i} ${cue} [[slow:0]]`), `${OPEN_MARK} [[long:180]] [[slow:0]]`];
  for (const text of prompts) {
    await target.prompt(id, text);
    await waitFor("a template turn to finish", () => target.settled(id), 180_000, 50);
  }
  return id;
}

/** How one generation exports and imports a session. */
export interface SessionTransfer {
  exportSession(sessionId: string): Promise<SessionExport>;
  importSession(data: SessionExport): Promise<void>;
}

/** 1.x: the export is `GET /session/{id}` + its messages; the import is the `opencode import` command in the fleet's HOME. */
export function v1Transfer(server: FleetServer, env: NodeJS.ProcessEnv): SessionTransfer {
  return {
    async exportSession(id) {
      const info = await api<SessionExport["info"]>(server, `/session/${id}`);
      const messages = await api<Exported[]>(server, `/session/${id}/message`, { timeoutMs: 60_000 });
      return { info, messages };
    },
    async importSession(data) {
      const dir = mkdtempSync(join(tmpdir(), "seed-import-"));
      try {
        const file = join(dir, "session.json");
        writeFileSync(file, JSON.stringify(data));
        await promisify(execFile)(opencodeBin(), ["import", file], { cwd: server.directory, env, timeout: 300_000, maxBuffer: 1 << 24 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** 2.x: `GET /api/experimental/session/{id}/export` and `POST /api/experimental/session/import`. */
export function v2Transfer(server: FleetServer): SessionTransfer {
  return {
    exportSession: async (id) => (await api<{ data: SessionExport }>(server, `/api/experimental/session/${id}/export`, { timeoutMs: 60_000 })).data,
    async importSession(data) {
      await api(server, "/api/experimental/session/import", { body: { info: data.info, messages: data.messages }, timeoutMs: 300_000 });
    },
  };
}

/** Seeds a session of `turns` turns (2 messages each on 1.x, 2 plus a turn marker on 2.x) through the template and an import. */
export async function importLongSession(target: VersusTarget, transfer: SessionTransfer, turns: number): Promise<LongSession> {
  const template = await transfer.exportSession(await runTemplate(target));
  const grown = grownExport(template, turns);
  await transfer.importSession(grown);
  const last = await waitFor("the imported session's last reply", () => target.settled(grown.info.id), 60_000, 200);
  return { id: grown.info.id, messages: await target.messageCount(grown.info.id), lastReply: last.text };
}
