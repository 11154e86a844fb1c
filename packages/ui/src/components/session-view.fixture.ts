/**
 * A rich, realistic session (every part type, a pending permission and question, todos, an error)
 * for the session view's tests and its dev demo page. Shapes follow the 1.18.33 recordings.
 */
import { createInitialState } from "../store/initial-state";
import { unavailableSessionActions } from "../stream/session-actions";
import type {
  AssistantMessage,
  InstanceEntry,
  Message,
  Part,
  PermissionRequest,
  QuestionRequest,
  State,
  UserMessage,
  WorkspaceActions,
} from "../store/types";
import { instanceEntry, sampleInstance } from "../store/test-fixtures";

/** Ids used by the fixture, so tests can find things. */
export const FX = {
  instanceId: "inst_alpha",
  sessionId: "ses_demo",
  directory: "/home/dev/src/alpha",
  user1: "msg_01a",
  asst1: "msg_01b",
  user2: "msg_02a",
  asst2: "msg_02b",
  permissionId: "per_bash1",
  questionId: "que_1",
} as const;

const T0 = 1_795_239_375_881;
const S = FX.sessionId;

const user = (id: string, at: number): UserMessage => ({
  id,
  sessionID: S,
  role: "user",
  time: { created: at },
  agent: "build",
  model: { providerID: "mock", modelID: "mock-1" },
});
const assistant = (id: string, parentID: string, at: number, completed?: number): AssistantMessage => ({
  id,
  sessionID: S,
  role: "assistant",
  parentID,
  time: completed ? { created: at, completed } : { created: at },
  modelID: "mock-1",
  providerID: "mock",
  mode: "build",
  agent: "build",
  path: { cwd: FX.directory, root: FX.directory },
  cost: 0.0012,
  tokens: { input: 1200, output: 56, reasoning: 12, cache: { read: 100, write: 0 } },
});

const MARKDOWN_REPLY = [
  "I read **README.md**. The project is a tiny TypeScript library; here is the entry point:",
  "",
  "```ts",
  "export function add(a: number, b: number): number {",
  "  return a + b; // the failing test expects a + b",
  "}",
  "```",
  "",
  "Next steps:",
  "1. run the tests with `npm test`",
  "2. fix `add` if needed — see [the docs](https://example.com/docs)",
].join("\n");

/** Every part of the fixture, keyed by message id. */
function fixtureParts(): Record<string, Part[]> {
  const m = (messageID: string) => ({ sessionID: S, messageID });
  return {
    [FX.user1]: [
      { id: "prt_01a1", ...m(FX.user1), type: "text", text: "Please read README.md and run the tests.\nThen tell me what fails." },
      { id: "prt_01a2", ...m(FX.user1), type: "file", mime: "text/markdown", filename: "README.md", url: "file:///home/dev/src/alpha/README.md" },
    ],
    [FX.asst1]: [
      { id: "prt_01b1", ...m(FX.asst1), type: "step-start", snapshot: "32113c4991" },
      {
        id: "prt_01b2",
        ...m(FX.asst1),
        type: "reasoning",
        text: "The user wants me to read the README first, then run tests.",
        time: { start: T0 + 1000, end: T0 + 3200 },
      },
      {
        id: "prt_01b3",
        ...m(FX.asst1),
        type: "tool",
        tool: "read",
        callID: "call_1",
        state: {
          status: "completed",
          input: { filePath: "README.md" },
          title: "README.md",
          output: "<path>/home/dev/src/alpha/README.md</path>\n<content>\n1: # Proj5\n</content>",
          metadata: {},
          time: { start: T0 + 3300, end: T0 + 3328 },
        },
      },
      { id: "prt_01b4", ...m(FX.asst1), type: "text", text: MARKDOWN_REPLY, time: { start: T0 + 3400, end: T0 + 5000 } },
      {
        id: "prt_01b5",
        ...m(FX.asst1),
        type: "tool",
        tool: "bash",
        callID: "call_2",
        state: {
          status: "error",
          input: { command: "npm test", description: "Run the tests" },
          error: "Error: exit code 1\n  1 failing: add(1, 2) expected 3",
          time: { start: T0 + 5100, end: T0 + 7400 },
        },
      },
      { id: "prt_01b6", ...m(FX.asst1), type: "patch", hash: "abc123", files: ["src/add.ts", "test/add.test.ts"] },
      {
        id: "prt_01b7",
        ...m(FX.asst1),
        type: "step-finish",
        reason: "stop",
        cost: 0.0012,
        tokens: { input: 1200, output: 56, reasoning: 12, cache: { read: 100, write: 0 } },
      },
    ],
    [FX.user2]: [{ id: "prt_02a1", ...m(FX.user2), type: "text", text: "Now fix the failing test <script>window.__pwned=1</script>" }],
    [FX.asst2]: [
      { id: "prt_02b1", ...m(FX.asst2), type: "step-start" },
      {
        id: "prt_02b2",
        ...m(FX.asst2),
        type: "retry",
        attempt: 2,
        error: { name: "APIError", data: { message: "Rate limited (429)", isRetryable: true } },
        time: { created: T0 + 21_000 },
      },
      { id: "prt_02b3", ...m(FX.asst2), type: "agent", name: "general" },
      { id: "prt_02b4", ...m(FX.asst2), type: "subtask", prompt: "Find every caller of add()", description: "Find callers", agent: "general" },
      { id: "prt_02b5", ...m(FX.asst2), type: "compaction", auto: true },
      { id: "prt_02b6", ...m(FX.asst2), type: "snapshot", snapshot: "9f8e7d6c5b4a" },
      { id: "prt_02b7", ...m(FX.asst2), type: "tool", tool: "edit", callID: "call_3", state: { status: "pending", input: {}, raw: "" } },
      {
        id: "prt_02b8",
        ...m(FX.asst2),
        type: "tool",
        tool: "bash",
        callID: "call_4",
        state: { status: "running", input: { command: "echo hi" }, title: "echo hi", time: { start: T0 + 23_000 } },
      },
      {
        id: "prt_02b9",
        ...m(FX.asst2),
        type: "text",
        text: 'Fixing `add` now: <img src=x onerror="window.__pwned=1"> [click](javascript:window.__pwned=1)',
        time: { start: T0 + 24_000 },
      },
      { id: "prt_02ba", ...m(FX.asst2), type: "holo-part" } as unknown as Part,
    ],
  };
}

/** The fixture's instance entry (alpha :4096, connected). */
export function fixtureInstance(): InstanceEntry {
  return instanceEntry(FX.instanceId, FX.directory, { info: sampleInstance(FX.instanceId, { pid: 4242, directory: FX.directory }) });
}

/** The pending bash permission of the fixture. */
export function fixturePermission(): PermissionRequest {
  return {
    id: FX.permissionId,
    sessionID: S,
    permission: "bash",
    patterns: ["echo hi"],
    metadata: { command: "echo hi" },
    always: ["echo *"],
    tool: { messageID: FX.asst2, callID: "call_4" },
  };
}

/** The pending question of the fixture. */
export function fixtureQuestion(): QuestionRequest {
  return {
    id: FX.questionId,
    sessionID: S,
    questions: [
      {
        header: "Test runner",
        question: "Which test runner should I use?",
        options: [
          { label: "vitest", description: "fast, ESM-native" },
          { label: "jest", description: "what the repo used before" },
        ],
      },
    ],
  };
}

/** A full State with one busy session showing every part type. */
export function fixtureState(): State {
  const state = createInitialState();
  const messages: Message[] = [
    user(FX.user1, T0),
    assistant(FX.asst1, FX.user1, T0 + 600, T0 + 8000),
    user(FX.user2, T0 + 20_000),
    assistant(FX.asst2, FX.user2, T0 + 20_500),
  ];
  state.hub = { state: "connected", error: null };
  state.instances = { [FX.instanceId]: fixtureInstance() };
  state.sessions = {
    [S]: {
      info: {
        id: S,
        slug: "calm-rocket",
        projectID: "global",
        directory: FX.directory,
        title: "Fix the failing add() test",
        version: "1.18.33",
        time: { created: T0, updated: T0 + 24_000 },
      },
      seenBy: [FX.instanceId],
      liveOwner: { instanceId: FX.instanceId, at: T0 + 24_000 },
    },
  };
  state.messages = { [S]: messages };
  state.parts = fixtureParts();
  state.status = { [S]: { type: "busy" } };
  state.permissions = { [S]: [fixturePermission()] };
  state.questions = { [S]: [fixtureQuestion()] };
  state.todos = {
    [S]: [
      { content: "Read README.md", status: "completed", priority: "high" },
      { content: "Run the tests", status: "completed", priority: "high" },
      { content: "Fix add()", status: "in_progress", priority: "high" },
      { content: "Add a regression test", status: "pending", priority: "medium" },
    ],
  };
  state.sessionErrors = {
    [S]: [{ afterMessageId: FX.asst1, name: "ProviderAuthError", message: "The mock provider rejected the API key once; retried.", at: T0 + 9000 }],
  };
  state.historyCursor = { [S]: null };
  return state;
}

/** Actions that succeed at once and do nothing (tests replace the ones they watch). */
export function fakeActions(overrides: Partial<WorkspaceActions> = {}): WorkspaceActions {
  const ok = async () => {};
  return {
    sendPrompt: ok,
    abort: ok,
    replyPermission: ok,
    replyQuestion: ok,
    rejectQuestion: ok,
    createSession: () => Promise.reject(new Error("not in this fixture")),
    startSession: () => Promise.reject(new Error("not in this fixture")),
    showSessions: () => {},
    openSession: ok,
    loadOlder: async () => false,
    submitCredentials: ok,
    session: () => unavailableSessionActions("not in this fixture"),
    ...overrides,
  };
}
