import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import userEvent from "@testing-library/user-event";
import { createStore } from "solid-js/store";
import { createSignal, Show } from "solid-js";
import { Composer } from "./composer";
import { FX, fixtureState } from "../session-view.fixture";
import { WorkspaceFixture } from "../workspace.fixture";
import type { State, WorkspaceActions } from "../../store/types";
import { createDraftStore, type DraftStore } from "../../store/drafts";
import type { ComposerApi } from "../../api/composer-api";

afterEach(cleanup);

function setup(
  opts: {
    state?: State;
    sendPrompt?: WorkspaceActions["sendPrompt"];
    abort?: WorkspaceActions["abort"];
    drafts?: DraftStore;
    api?: ComposerApi | null;
  } = {},
) {
  const [state, setState] = createStore(opts.state ?? { ...fixtureState(), status: {} });
  const sendPrompt = vi.fn(opts.sendPrompt ?? (async () => {}));
  const abort = vi.fn(opts.abort ?? (async () => {}));
  const drafts = opts.drafts ?? createDraftStore({ storage: null });
  const [sessionId, setSessionId] = createSignal<string>(FX.sessionId);
  const [mounted, setMounted] = createSignal(true);
  render(() => (
    <WorkspaceFixture state={state}>
      <Show when={mounted()}>
        <Composer sessionId={sessionId()} actions={{ sendPrompt, abort }} drafts={drafts} api={opts.api ?? null} />
      </Show>
    </WorkspaceFixture>
  ));
  const box = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement;
  return { state, setState, sendPrompt, abort, box: box(), textbox: box, drafts, setSessionId, setMounted };
}

describe("<Composer>", () => {
  it("sends on Enter and clears the box on success", async () => {
    const { sendPrompt, box } = setup();
    await userEvent.type(box, "run the tests{Enter}");
    expect(sendPrompt).toHaveBeenCalledExactlyOnceWith(FX.sessionId, "run the tests");
    await waitFor(() => expect(box.value).toBe(""));
  });

  it("Shift+Enter inserts a newline instead of sending", async () => {
    const { sendPrompt, box } = setup();
    await userEvent.type(box, "line one{Shift>}{Enter}{/Shift}line two");
    expect(sendPrompt).not.toHaveBeenCalled();
    expect(box.value).toBe("line one\nline two");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(sendPrompt).toHaveBeenCalledWith(FX.sessionId, "line one\nline two");
  });

  it("does not send on the Enter that ends an IME composition", async () => {
    const { sendPrompt, box } = setup();
    await userEvent.type(box, "nihao");
    box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", isComposing: true, bubbles: true, cancelable: true }));
    expect(sendPrompt).not.toHaveBeenCalled();
  });

  it("keeps the text and shows the error when sending fails", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { box } = setup({
      sendPrompt: async () => {
        throw new Error("alpha :4096 refused the connection");
      },
    });
    await userEvent.type(box, "important prompt{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Not sent: alpha :4096 refused the connection");
    expect(box.value).toBe("important prompt");
  });

  it("clears the box at once, so typing during the send starts a new draft; a failure puts the prompt back first", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    let fail!: (e: Error) => void;
    const { box } = setup({ sendPrompt: () => new Promise<void>((_, reject) => (fail = reject)) });
    await userEvent.type(box, "first{Enter}");
    expect(box.value).toBe("");
    await userEvent.type(box, "next");
    fail(new Error("offline"));
    await waitFor(() => expect(box.value).toBe("first\nnext"));
    expect(screen.getByRole("alert")).toHaveTextContent("Not sent: offline");
  });

  it("disables Send (not the textarea) while sending", async () => {
    let release!: () => void;
    const { box } = setup({ sendPrompt: () => new Promise<void>((r) => (release = r)) });
    await userEvent.type(box, "hello{Enter}");
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(box).toBeEnabled();
    release();
    await waitFor(() => expect(box.value).toBe(""));
  });

  it("shows Stop while busy and calls abort", async () => {
    const { setState, abort } = setup();
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull();
    setState("status", FX.sessionId, { type: "busy" });
    await userEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(abort).toHaveBeenCalledWith(FX.sessionId);
    setState("status", FX.sessionId, { type: "idle" });
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull();
  });

  it("while an OpenCode 2 owner runs the session, offers to steer it (default: queue); the choice goes with the prompt", async () => {
    const { setState, sendPrompt, box } = setup();
    setState("status", FX.sessionId, { type: "busy" });
    // 1.x has no such choice.
    expect(screen.queryByRole("checkbox", { name: /Steer the running turn/ })).toBeNull();
    setState("instances", FX.instanceId, "info", "protocol", "v2");
    const steer = screen.getByRole("checkbox", { name: /Steer the running turn/ });
    await userEvent.type(box, "wait for it{Enter}");
    await waitFor(() => expect(sendPrompt).toHaveBeenLastCalledWith(FX.sessionId, "wait for it", { delivery: "queue" }));
    await userEvent.click(steer);
    await userEvent.type(box, "change course{Enter}");
    await waitFor(() => expect(sendPrompt).toHaveBeenLastCalledWith(FX.sessionId, "change course", { delivery: "steer" }));
    setState("status", FX.sessionId, { type: "idle" });
    expect(screen.queryByRole("checkbox", { name: /Steer the running turn/ })).toBeNull();
    await userEvent.type(box, "idle now{Enter}");
    await waitFor(() => expect(sendPrompt).toHaveBeenLastCalledWith(FX.sessionId, "idle now"));
  });

  it("names the instance that will receive the prompt", () => {
    setup();
    expect(screen.getByText("→ alpha :4096")).toBeInTheDocument();
  });

  it("explains why it cannot send when no running instance owns the session", async () => {
    const base = fixtureState();
    const { box, sendPrompt } = setup({ state: { ...base, instances: {}, status: {} } });
    expect(screen.getByText(/No running OpenCode serves \/home\/dev\/src\/alpha/)).toBeInTheDocument();
    await userEvent.type(box, "hello{Enter}");
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(sendPrompt).not.toHaveBeenCalled();
    expect(box.value).toBe("hello");
  });

  it("on a deep link not listed yet: keeps the text on Enter, says why, and enables Send once the owner is known", async () => {
    const base = fixtureState();
    const known = base.sessions[FX.sessionId]!;
    const { setState, sendPrompt, box } = setup({ state: { ...base, status: {}, sessions: {} } });
    await userEvent.type(box, "hello{Enter}");
    expect(sendPrompt).not.toHaveBeenCalled();
    expect(box.value).toBe("hello");
    expect(screen.getByText(/Finding this session's server/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    setState("sessions", FX.sessionId, known);
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
    await userEvent.type(box, "{Enter}");
    expect(sendPrompt).toHaveBeenCalledExactlyOnceWith(FX.sessionId, "hello");
  });

  it("keeps each session's draft across a session switch and a remount of the view", async () => {
    const { textbox, setSessionId, setMounted } = setup();
    await userEvent.type(textbox(), "draft for alpha");
    setSessionId("ses_other");
    expect(textbox().value).toBe("");
    await userEvent.type(textbox(), "other draft");
    setMounted(false);
    setMounted(true);
    expect(textbox().value).toBe("other draft");
    setSessionId(FX.sessionId);
    expect(textbox().value).toBe("draft for alpha");
  });

  it("a send that fails after the user switched away comes back into its own session's draft, with the error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    let fail!: (e: Error) => void;
    const { textbox, setSessionId, drafts } = setup({ sendPrompt: () => new Promise<void>((_, reject) => (fail = reject)) });
    await userEvent.type(textbox(), "lost?{Enter}");
    setSessionId("ses_other");
    await userEvent.type(textbox(), "typing elsewhere");
    fail(new Error("Could not reach OpenCode at :4096 — is it still running?"));
    await waitFor(() => expect(drafts.get(FX.sessionId).text).toBe("lost?"));
    expect(drafts.get(FX.sessionId).error).toBe("Not sent: Could not reach OpenCode at :4096 — is it still running?");
    expect(textbox().value).toBe("typing elsewhere");
    expect(screen.queryByRole("alert")).toBeNull();
    setSessionId(FX.sessionId);
    expect(textbox().value).toBe("lost?");
    expect(screen.getByRole("alert")).toHaveTextContent("Not sent: Could not reach OpenCode at :4096");
  });
});
