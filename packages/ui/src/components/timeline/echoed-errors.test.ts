import { describe, expect, it } from "vitest";
import type { TimelineItem } from "../../store/selectors";
import type { AssistantMessage, Message } from "../../store/types";
import { withoutEchoedErrors } from "./echoed-errors";

const user = (id: string): TimelineItem => ({
  kind: "message",
  id,
  parts: [],
  message: { id, sessionID: "s", role: "user", time: { created: 1 }, agent: "build", model: { providerID: "p", modelID: "m" } } as Message,
});
const assistant = (id: string, error?: { name: string; message: string }): TimelineItem => {
  const message = {
    id,
    sessionID: "s",
    role: "assistant",
    time: { created: 1 },
    parentID: "u",
    modelID: "m",
    providerID: "p",
    mode: "build",
    agent: "build",
    path: { cwd: "/", root: "/" },
    cost: 0,
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    ...(error ? { error: { name: error.name, data: { message: error.message } } } : {}),
  } as unknown as AssistantMessage;
  return { kind: "message", id, parts: [], message };
};
const sessionError = (id: string, name: string, message: string): TimelineItem => ({
  kind: "error",
  id,
  error: { afterMessageId: null, name, message, at: 1 },
});

describe("withoutEchoedErrors", () => {
  it("drops the session.error that repeats the failed message before it", () => {
    const items = [user("m1"), assistant("m2", { name: "APIError", message: "refused" }), sessionError("e1", "APIError", "refused"), user("m3")];
    expect(withoutEchoedErrors(items).map((i) => i.id)).toEqual(["m1", "m2", "m3"]);
  });

  it("keeps errors that say something else or follow a message without an error", () => {
    const items = [
      sessionError("e0", "ProviderAuthError", "no key"),
      user("m1"),
      assistant("m2", { name: "APIError", message: "refused" }),
      sessionError("e1", "APIError", "other words"),
      assistant("m3"),
      sessionError("e2", "APIError", "refused"),
    ];
    expect(withoutEchoedErrors(items).map((i) => i.id)).toEqual(["e0", "m1", "m2", "e1", "m3", "e2"]);
  });
});
