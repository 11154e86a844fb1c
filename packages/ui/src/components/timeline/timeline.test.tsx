import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { createStore, produce } from "solid-js/store";
import { Timeline } from "./timeline";
import { FX, fixtureState, fakeActions } from "../session-view.fixture";
import { WorkspaceFixture } from "../workspace.fixture";
import type { Part, State, ToolPart } from "../../store/types";

afterEach(cleanup);

function setup(virtual = false) {
  const [state, setState] = createStore(fixtureState());
  const openSession = vi.fn(async () => {});
  const loadOlder = vi.fn(async () => false);
  const utils = render(() => (
    <WorkspaceFixture state={state} actions={fakeActions({ openSession, loadOlder })}>
      <Timeline sessionId={FX.sessionId} virtual={virtual} />
    </WorkspaceFixture>
  ));
  return { ...utils, state, setState, openSession, loadOlder };
}

const part = (id: string): HTMLElement => {
  const el = document.querySelector<HTMLElement>(`[data-part-id="${id}"]`);
  if (!el) throw new Error(`no part ${id}`);
  return el;
};

describe("<Timeline>", () => {
  it("opens the session on mount and marks the start of a complete history", async () => {
    const { openSession } = setup();
    expect(openSession).toHaveBeenCalledWith(FX.sessionId);
    expect(await screen.findByText("Start of session")).toBeInTheDocument();
  });

  it("renders messages in order with data-message-id and data-role", () => {
    setup();
    const msgs = [...document.querySelectorAll<HTMLElement>("[data-message-id]")];
    expect(msgs.map((m) => [m.dataset["messageId"], m.dataset["role"]])).toEqual([
      [FX.user1, "user"],
      [FX.asst1, "assistant"],
      [FX.user2, "user"],
      [FX.asst2, "assistant"],
    ]);
  });

  it("gives every part data-part-id and data-part-type, one element per part", () => {
    setup();
    const types = [...document.querySelectorAll<HTMLElement>(`[data-message-id="${FX.asst2}"] [data-part-id]`)].map((p) => p.dataset["partType"]);
    expect(types).toEqual(["step-start", "retry", "agent", "subtask", "compaction", "snapshot", "tool", "tool", "text", "holo-part"]);
    expect(document.querySelectorAll(`[data-message-id="${FX.asst1}"] [data-part-type]`)).toHaveLength(7);
  });

  it("renders each part type's content", () => {
    setup();
    expect(part("prt_01b1")).not.toBeVisible(); // step-start: nothing visible
    expect(part("prt_01a1")).toHaveTextContent("Please read README.md");
    expect(part("prt_01a2")).toHaveTextContent("README.md");
    expect(part("prt_01a2")).toHaveTextContent("text/markdown");
    expect(part("prt_01a2").querySelector("a")).toBeNull(); // file: URL is never a link
    expect(part("prt_01b4").querySelector("pre code.language-ts")).not.toBeNull();
    expect(part("prt_01b6")).toHaveTextContent("Changed 2 files");
    expect(part("prt_01b6")).toHaveTextContent("src/add.ts");
    expect(part("prt_01b7")).toHaveTextContent("$0.0012");
    expect(part("prt_01b7")).toHaveTextContent("1.2k in · 56 out · 12 reasoning · cache 100 read / 0 write");
    expect(part("prt_02b2")).toHaveTextContent("Retry attempt 2: Rate limited (429)");
    expect(part("prt_02b3")).toHaveTextContent("@general");
    expect(part("prt_02b4")).toHaveTextContent("Find callers");
    expect(part("prt_02b5")).toHaveTextContent("Context compacted automatically");
    expect(part("prt_02b6")).toHaveTextContent("Snapshot 9f8e7d6c");
    expect(part("prt_02ba")).toHaveTextContent("unsupported part: holo-part");
  });

  it("keeps the user's text literal and the model's hostile markup inert", () => {
    setup();
    expect(part("prt_02a1").textContent).toContain("<script>window.__pwned=1</script>");
    expect(document.querySelector("script, img")).toBeNull();
    expect(part("prt_02b9").querySelector("a[href^='javascript']")).toBeNull();
    expect((window as Window & { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it("collapses reasoning by default behind a Thinking disclosure", () => {
    setup();
    const details = part("prt_01b2").querySelector("details");
    expect(details).not.toBeNull();
    expect(details?.open).toBe(false);
    expect(details?.querySelector("summary")).toHaveTextContent("Thought for 2.2s");
  });

  it("shows tool cards with name, title, state and collapsible input/output as text", () => {
    setup();
    const read = part("prt_01b3");
    expect(read.querySelector("[data-tool-status]")?.getAttribute("data-tool-status")).toBe("completed");
    expect(read).toHaveTextContent("read");
    expect(read).toHaveTextContent("README.md");
    expect(read).toHaveTextContent("completed");
    const [input, output] = read.querySelectorAll("details");
    expect(input?.open).toBe(false);
    expect(output?.open).toBe(false);
    // Output is text in a <pre>: the tags show literally, nothing is parsed.
    expect(output?.querySelector("pre")?.textContent).toContain("<path>/home/dev/src/alpha/README.md</path>");
    expect(output?.querySelector("path")).toBeNull();

    const failed = part("prt_01b5");
    expect(failed.querySelector("[data-tool-status]")?.getAttribute("data-tool-status")).toBe("error");
    expect(failed).toHaveTextContent("failed");
    expect(failed).toHaveTextContent("npm test");
    expect(failed.querySelector("pre.sv-tool-error")).toHaveTextContent("1 failing");

    expect(part("prt_02b7").querySelector("[data-tool-status]")?.getAttribute("data-tool-status")).toBe("pending");
    expect(part("prt_02b8").querySelector("[data-tool-status]")?.getAttribute("data-tool-status")).toBe("running");
    expect(part("prt_02b8")).toHaveTextContent("echo hi");
  });

  it("updates a tool card in place: an opened Output stays open as the part changes", () => {
    const { setState } = setup();
    const tool = () => part("prt_02b8");
    const inputDetails = tool().querySelector("details");
    if (inputDetails) inputDetails.open = true;
    setState(
      produce((s) => {
        const list = s.parts[FX.asst2] as Part[];
        const i = list.findIndex((p) => p.id === "prt_02b8");
        const prev = list[i] as ToolPart;
        list[i] = {
          ...prev,
          state: { status: "completed", input: { command: "echo hi" }, title: "echo hi", output: "hi\n", metadata: {}, time: { start: 1, end: 2 } },
        };
      }),
    );
    expect(tool().querySelector("[data-tool-status]")?.getAttribute("data-tool-status")).toBe("completed");
    expect(tool().querySelector("details")).toBe(inputDetails);
    expect(inputDetails?.open).toBe(true);
  });

  it("places session errors after the message they followed", () => {
    setup();
    const rows = [...document.querySelectorAll("[data-message-id], [data-session-error]")];
    const errorAt = rows.findIndex((r) => r.hasAttribute("data-session-error"));
    expect(rows[errorAt - 1]?.getAttribute("data-message-id")).toBe(FX.asst1);
    expect(rows[errorAt]).toHaveTextContent("ProviderAuthError: The mock provider rejected the API key once; retried.");
  });

  it("grows streaming text live", async () => {
    const { setState } = setup();
    setState("parts", FX.asst2, (list) =>
      list.map((p) => (p.id === "prt_02b9" && p.type === "text" ? { ...p, text: `${p.text}\n\nAll **done**.` } : p)),
    );
    await waitFor(() => expect(part("prt_02b9").querySelector("strong")).toHaveTextContent("done"));
  });

  it("offers older history when a cursor exists and loads it on request", async () => {
    const [state] = createStore({ ...fixtureState(), historyCursor: { [FX.sessionId]: "cur_1" } });
    const loadOlder = vi.fn(async () => true);
    render(() => (
      <WorkspaceFixture state={state} actions={fakeActions({ loadOlder })}>
        <Timeline sessionId={FX.sessionId} virtual={false} />
      </WorkspaceFixture>
    ));
    (await screen.findByRole("button", { name: "Load older messages" })).click();
    expect(loadOlder).toHaveBeenCalledWith(FX.sessionId);
  });

  it("says why the history could not be opened, with a retry", async () => {
    const [state] = createStore(fixtureState());
    const openSession = vi.fn(async () => {
      throw new Error("alpha :4096 did not answer");
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(() => (
      <WorkspaceFixture state={state} actions={fakeActions({ openSession })}>
        <Timeline sessionId={FX.sessionId} virtual={false} />
      </WorkspaceFixture>
    ));
    expect(await screen.findByText(/Could not load messages: alpha :4096 did not answer/)).toBeInTheDocument();
    screen.getByRole("button", { name: "Retry" }).click();
    expect(openSession).toHaveBeenCalledTimes(2);
  });

  it("opens again by itself once the session's owner is connected again, and the error goes", async () => {
    const [state, setState] = createStore(fixtureState());
    let fail = true;
    const openSession = vi.fn(async () => {
      if (fail) throw new Error("alpha :4096 did not answer the relay");
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(() => (
      <WorkspaceFixture state={state} actions={fakeActions({ openSession })}>
        <Timeline sessionId={FX.sessionId} virtual={false} />
      </WorkspaceFixture>
    ));
    expect(await screen.findByText(/Could not load messages/)).toBeInTheDocument();
    // The server went away (reconnecting), then came back: no click needed.
    setState("instances", FX.instanceId, "connection", { state: "reconnecting", attempt: 1, nextRetryAt: null, error: null });
    expect(openSession).toHaveBeenCalledTimes(1);
    fail = false;
    setState("instances", FX.instanceId, "connection", { state: "connected", attempt: 0, nextRetryAt: null, error: null });
    await waitFor(() => expect(screen.queryByText(/Could not load messages/)).toBeNull());
    expect(openSession).toHaveBeenCalledTimes(2);
  });

  it("ships a virtualized list: virtua's VList is the scroller", () => {
    // jsdom has no layout and no ResizeObserver: a no-op one lets virtua mount.
    vi.stubGlobal(
      "ResizeObserver",
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
    const { container } = setup(true);
    const scroller = container.querySelector<HTMLElement>(".sv-timeline-scroll");
    expect(scroller).not.toBeNull();
    expect(scroller?.classList.contains("sv-timeline-plain")).toBe(false);
    vi.unstubAllGlobals();
  });

  it("says plainly when a restored tab's session is on no running server, offers Close tab, and shows it if it appears", async () => {
    const base = fixtureState();
    const known = base.sessions[FX.sessionId]!;
    const [state, setState] = createStore<State>({ ...base, sessions: {}, messages: {} });
    const openSession = vi.fn(async () => {});
    const onClose = vi.fn();
    render(() => (
      <WorkspaceFixture state={state} actions={fakeActions({ openSession })}>
        <Timeline sessionId={FX.sessionId} virtual={false} onClose={onClose} />
      </WorkspaceFixture>
    ));
    // The instance's first resync has not answered yet: it may still list the session.
    expect(screen.getByText(/Looking for this session/)).toBeInTheDocument();
    setState(produce((s) => (s.instances[FX.instanceId]!.listed = true)));
    expect(await screen.findByText(/This session is not on any running OpenCode server/)).toBeInTheDocument();
    screen.getByRole("button", { name: "Close tab" }).click();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(openSession).not.toHaveBeenCalled();
    // Its server starts later and lists it: shown normally.
    setState(produce((s) => (s.sessions[FX.sessionId] = known)));
    await waitFor(() => expect(openSession).toHaveBeenCalledWith(FX.sessionId));
    expect(screen.queryByText(/not on any running OpenCode server/)).toBeNull();
  });

  it("names a running server that could not be asked (locked) instead of calling the session gone", async () => {
    const base = fixtureState();
    const [state, setState] = createStore({ ...base, sessions: {}, messages: {} });
    render(() => (
      <WorkspaceFixture state={state}>
        <Timeline sessionId={FX.sessionId} virtual={false} onClose={() => {}} />
      </WorkspaceFixture>
    ));
    setState(produce((s) => (s.instances[FX.instanceId]!.connection.state = "auth-required")));
    expect(await screen.findByText(/could not be asked: .*password required/)).toBeInTheDocument();
  });
});
