/**
 * Dev-only page: SessionView over the fixture state with in-memory actions and a simulated
 * stream. `npx vite` in packages/ui, then open /dev/session-view-demo.html
 * (?history=N adds N older message pairs; ?older adds a cursor so scrolling up loads more;
 * ?noowner removes the instance).
 */
import { render } from "solid-js/web";
import { createStore, produce } from "solid-js/store";
import { SessionView } from "../src/components/session-view";
import { FX, fixtureState, noopActions } from "../src/components/session-view.fixture";
import type { Message, Part, State } from "../src/store/types";

const params = new URLSearchParams(location.search);
const [state, setState] = createStore<State>(fixtureState());
const S = FX.sessionId;

function filler(n: number, prefix: string): { messages: Message[]; parts: Record<string, Part[]> } {
  const messages: Message[] = [];
  const parts: Record<string, Part[]> = {};
  for (let i = 0; i < n; i++) {
    const u = `msg_${prefix}${String(i).padStart(4, "0")}a`;
    const a = `msg_${prefix}${String(i).padStart(4, "0")}b`;
    const at = 1_795_200_000_000 + i * 60_000;
    messages.push({ id: u, sessionID: S, role: "user", time: { created: at }, agent: "build", model: { providerID: "mock", modelID: "mock-1" } });
    messages.push({
      id: a,
      sessionID: S,
      role: "assistant",
      parentID: u,
      time: { created: at + 500, completed: at + 4000 },
      modelID: "mock-1",
      providerID: "mock",
      mode: "build",
      agent: "build",
      path: { cwd: FX.directory, root: FX.directory },
      cost: 0.0004,
      tokens: { input: 300, output: 40, reasoning: 0, cache: { read: 0, write: 0 } },
    });
    parts[u] = [{ id: `prt_${u}`, sessionID: S, messageID: u, type: "text", text: `Older question #${prefix}${i}` }];
    parts[a] = [{ id: `prt_${a}`, sessionID: S, messageID: a, type: "text", text: `Older answer #${prefix}${i}: *fine*.` }];
  }
  return { messages, parts };
}

const history = Number(params.get("history") ?? "0");
if (history > 0) {
  const f = filler(history, "00");
  setState(
    produce((s) => {
      s.messages[S] = [...f.messages, ...(s.messages[S] ?? [])];
      Object.assign(s.parts, f.parts);
    }),
  );
}
if (params.has("older")) setState("historyCursor", S, "page-1");
if (params.has("noowner")) setState(produce((s) => void (s.instances = {})));
if (params.has("idle")) setState("status", S, { type: "idle" });

let olderPages = 0;
const actions = noopActions({
  async sendPrompt(sessionId, text) {
    await new Promise((r) => setTimeout(r, 300));
    if (text.includes("fail")) throw new Error("alpha :4096 answered 500: the session is locked");
    const id = `msg_9${Date.now()}`;
    setState(
      produce((s) => {
        s.messages[sessionId]?.push({
          id,
          sessionID: sessionId,
          role: "user",
          time: { created: Date.now() },
          agent: "build",
          model: { providerID: "mock", modelID: "mock-1" },
        });
        s.parts[id] = [{ id: `prt_${id}`, sessionID: sessionId, messageID: id, type: "text", text }];
      }),
    );
  },
  async abort(sessionId) {
    setState("status", sessionId, { type: "idle" });
  },
  async replyPermission(sessionId, requestId) {
    await new Promise((r) => setTimeout(r, 300));
    setState("permissions", sessionId, (list) => (list ?? []).filter((p) => p.id !== requestId));
  },
  async replyQuestion(sessionId, requestId) {
    setState("questions", sessionId, (list) => (list ?? []).filter((q) => q.id !== requestId));
  },
  async rejectQuestion(sessionId, requestId) {
    setState("questions", sessionId, (list) => (list ?? []).filter((q) => q.id !== requestId));
  },
  async loadOlder(sessionId) {
    await new Promise((r) => setTimeout(r, 400));
    olderPages++;
    // "!" sorts before digits, and each page's prefix before the previous one's: ids stay time-ordered.
    const f = filler(10, `!${9 - olderPages}`);
    setState(
      produce((s) => {
        s.messages[sessionId] = [...f.messages, ...(s.messages[sessionId] ?? [])];
        Object.assign(s.parts, f.parts);
        s.historyCursor[sessionId] = olderPages >= 3 ? null : `page-${olderPages + 1}`;
      }),
    );
    return olderPages < 3;
  },
});

// Simulated stream: the live text part grows a few words per tick.
if (!params.has("still")) {
  const words =
    " I changed `add` to return the sum and re-ran the suite; everything passes now. Here is the diff:\n\n```diff\n- return a - b;\n+ return a + b;\n```\n".split(
      /(?<= )/,
    );
  let i = 0;
  const timer = setInterval(() => {
    if (i >= words.length) return clearInterval(timer);
    const w = words[i++] ?? "";
    setState("parts", FX.asst2, (list) => (list ?? []).map((p) => (p.id === "prt_02b9" && p.type === "text" ? { ...p, text: p.text + w } : p)));
  }, 80);
}

render(() => <SessionView sessionId={S} state={state} actions={actions} />, document.getElementById("root")!);
