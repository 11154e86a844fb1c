import { describe, expect, it } from "vitest";
import type { IncomingEvent, Message, MessagePage, Part } from "../store/types";
import { wasInterrupted } from "../store/interrupted";
import { eventsToReplay, keepStreamedText } from "./resync-replay";

const ev = (type: string, properties: Record<string, unknown>): IncomingEvent => ({
  instanceId: "a",
  directory: "/p",
  type,
  properties,
  receivedAt: 0,
});
const delta = (text: string, partID = "prt_1") =>
  ev("message.part.delta", { sessionID: "ses_1", messageID: "msg_1", partID, field: "text", delta: text });
const partUpdated = (text: string) =>
  ev("message.part.updated", { sessionID: "ses_1", part: { id: "prt_1", messageID: "msg_1", sessionID: "ses_1", type: "text", text } });

function page(text: string): MessagePage {
  const info = { id: "msg_1", sessionID: "ses_1", role: "assistant", time: { created: 1 } } as Message;
  const part = { id: "prt_1", messageID: "msg_1", sessionID: "ses_1", type: "text", text } as Part;
  return { messages: [{ info, parts: [part] }], cursor: null };
}

/** What the part's text becomes: snapshot text, then the replayed events. */
function replayText(snapshot: string, recorded: IncomingEvent[]): string {
  let text = snapshot;
  for (const e of eventsToReplay(recorded, [page(snapshot)])) {
    if (e.type === "message.part.updated") text = String((e.properties.part as { text: string }).text);
    if (e.type === "message.part.delta" && e.properties.partID === "prt_1") text += String(e.properties.delta);
  }
  return text;
}

describe("eventsToReplay", () => {
  const recorded = [delta("Hel"), delta("lo "), delta("wor"), delta("ld")];

  it("gives the full text whichever point the snapshot was taken at", () => {
    for (const snapshot of ["", "Hel", "Hello ", "Hello wor", "Hello world"]) {
      expect(replayText(snapshot, recorded)).toBe("Hello world");
    }
  });

  it("works when the snapshot already had text from before the recording", () => {
    expect(replayText("Say: Hello ", recorded)).toBe("Say: Hello world");
  });

  it("keeps deltas after a recorded full update of the part", () => {
    const withUpdate = [delta("Hel"), partUpdated("Hel"), delta("lo")];
    expect(replayText("Hel", withUpdate)).toBe("Hello");
    expect(replayText("Hello", withUpdate)).toBe("Hello");
  });

  it("keeps deltas of parts the snapshot does not have, and every other event", () => {
    const other = [ev("session.status", { sessionID: "ses_1" }), delta("x", "prt_2"), delta("Hel")];
    expect(eventsToReplay(other, [page("Hel")]).map((e) => e.properties.delta ?? e.type)).toEqual(["session.status", "x"]);
    expect(eventsToReplay(other, [])).toEqual(other);
  });
});

describe("keepStreamedText", () => {
  const withTime = (text: string, time: { start: number; end?: number } | undefined): MessagePage => {
    const p = page(text);
    const part = p.messages[0]?.parts[0] as Part & { time?: unknown };
    if (time) part.time = time;
    return p;
  };
  const stored = (text: string): Record<string, Part[]> => ({
    msg_1: [{ id: "prt_1", messageID: "msg_1", sessionID: "ses_1", type: "text", text } as Part],
  });
  const completed = (p: MessagePage): MessagePage => {
    const info = p.messages[0]?.info as { time: { completed?: number } };
    info.time.completed = 2;
    return p;
  };
  const textOf = (p: MessagePage) => (p.messages[0]?.parts[0] as { text: string }).text;

  it("keeps the page's text for a part still streaming in a busy session when it extends the stored one", () => {
    const p = withTime("", { start: 1 });
    expect(keepStreamedText([p], stored("Hello wor"), () => true)).toBe(1);
    expect(textOf(p)).toBe("Hello wor");
  });

  it("keeps what the page saw of a reply its server stopped in (killed mid-reply), marked interrupted", () => {
    const p = withTime("", { start: 1 });
    expect(keepStreamedText([p], stored("Hello wor"), () => false)).toBe(1);
    expect(textOf(p)).toBe("Hello wor");
    expect(wasInterrupted(p.messages[0]?.parts[0] as Part)).toBe(true);
    // The server's own copy says more: it wins, unmarked.
    const more = withTime("Hello world, again", { start: 1 });
    expect(keepStreamedText([more], stored("Hello wor"), () => false)).toBe(0);
    expect(wasInterrupted(more.messages[0]?.parts[0] as Part)).toBe(false);
  });

  it("OpenCode 2 (text parts carry no time): a reply that never completed is one its server stopped in", () => {
    const p = withTime("", undefined);
    expect(keepStreamedText([p], stored("Hello wor"), () => false)).toBe(1);
    expect(textOf(p)).toBe("Hello wor");
    expect(wasInterrupted(p.messages[0]?.parts[0] as Part)).toBe(true);
  });

  it("leaves ended parts and texts that do not extend the snapshot alone", () => {
    const cases: Array<[MessagePage, string, boolean]> = [
      [withTime("Hello", { start: 1, end: 2 }), "Hello world", true], // ended: the server's text is final
      [withTime("Hello", { start: 1, end: 2 }), "Hello world", false],
      [withTime("Bye", { start: 1 }), "Hello", true], // not an extension
      [completed(withTime("Hel", undefined)), "Hello", false], // no time (2.x) and the reply completed: final
    ];
    for (const [p, local, busy] of cases) {
      const before = textOf(p);
      expect(keepStreamedText([p], stored(local), () => busy)).toBe(0);
      expect(textOf(p)).toBe(before);
    }
  });
});
