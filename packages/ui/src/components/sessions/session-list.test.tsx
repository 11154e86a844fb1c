import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { createStore } from "solid-js/store";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { State } from "../../store/types";
import { makeInstance, makeSession, makeState } from "../common/fixtures";
import { SessionList } from "./session-list";
import { WorkspaceFixture } from "../workspace.fixture";

const NOW = Date.now();

function fleet(): State {
  const state = makeState({
    instances: [makeInstance("api", { directory: "/home/dev/api", port: 4096 }), makeInstance("web", { directory: "/home/dev/web", port: 5000 })],
    sessions: [
      makeSession("s-old", { title: "Old api work", directory: "/home/dev/api", updated: NOW - 3_600_000, seenBy: ["api"] }),
      makeSession("s-parent", { title: "Refactor auth", directory: "/home/dev/api", updated: NOW - 120_000, seenBy: ["api"] }),
      makeSession("s-child", {
        title: "Find token usages",
        directory: "/home/dev/api",
        parentID: "s-parent",
        updated: NOW - 60_000,
        seenBy: ["api"],
      }),
      makeSession("s-web", { title: "Fix navbar", directory: "/home/dev/web", updated: NOW - 10_000, seenBy: ["web"] }),
      makeSession("s-orphan", { title: "Nobody runs this", directory: "/srv/elsewhere", updated: NOW - 86_400_000, seenBy: ["api"] }),
    ],
  });
  state.status = { "s-parent": { type: "busy" }, "s-web": { type: "retry", attempt: 1, message: "rate limited", next: NOW } };
  state.permissions = { "s-parent": [{ id: "p1", sessionID: "s-parent", permission: "bash", patterns: [], metadata: {}, always: [] }] };
  return state;
}

function setup(options: { instanceId?: string | null; unread?: string[] } = {}) {
  const [state, setState] = createStore(fleet());
  const onOpen = vi.fn();
  // `+` is lazy (issue 7): it asks the page for an empty composer bound to the instance.
  const createSession = vi.fn<(instanceId: string) => void>();
  render(() => (
    <WorkspaceFixture state={state}>
      <SessionList
        onNewSession={createSession}
        instanceId={options.instanceId ?? null}
        activeSessionId="s-web"
        isUnread={(id) => (options.unread ?? []).includes(id)}
        onOpen={onOpen}
      />
    </WorkspaceFixture>
  ));
  return { state, setState, onOpen, createSession };
}

const rowIds = () => [...document.querySelectorAll("[data-session-id]")].map((row) => row.getAttribute("data-session-id"));

afterEach(cleanup);

describe("SessionList", () => {
  it("folds a folder no server runs in under one closed line saying 'not running', and opens it while filtering", async () => {
    setup();
    const orphan = screen.getByRole("region", { name: "/srv/elsewhere" });
    const fold = orphan.querySelector("details");
    expect(fold?.open).toBe(false);
    expect(orphan.querySelector("summary")?.textContent).toContain("not running · 1");
    // Running folders are not folded.
    expect(screen.getByRole("region", { name: "/home/dev/api" }).querySelector("details")).toBeNull();
    expect(rowIds()).not.toContain("s-orphan");
    fireEvent.input(screen.getByRole("searchbox", { name: "Filter sessions" }), { target: { value: "Nobody" } });
    await waitFor(() => expect(screen.getByRole("region", { name: "/srv/elsewhere" }).querySelector("details")?.open).toBe(true));
    expect(rowIds()).toEqual(["s-orphan"]);
  });

  it("opens a folded group when the user opens it, and closes it again", async () => {
    setup();
    const fold = () => screen.getByRole("region", { name: "/srv/elsewhere" }).querySelector("details") as HTMLDetailsElement;
    fold().open = true;
    fireEvent(fold(), new Event("toggle"));
    await waitFor(() => expect(rowIds()).toContain("s-orphan"));
    fold().open = false;
    fireEvent(fold(), new Event("toggle"));
    await waitFor(() => expect(rowIds()).not.toContain("s-orphan"));
  });

  it("groups by directory in the one stable order (running first, by folder name; activity does not reshuffle), newest session first, children right under their parent", () => {
    const { setState } = setup();
    const groups = screen.getAllByRole("region");
    expect(groups.map((group) => group.getAttribute("aria-label"))).toEqual(["/home/dev/api", "/home/dev/web", "/srv/elsewhere"]);
    expect(within(groups[1]!).getByText("web")).toBeInTheDocument();
    expect(within(groups[1]!).getByText("~")).toBeInTheDocument();
    // The folded "not running" group renders no rows until it is opened.
    expect(rowIds()).toEqual(["s-parent", "s-child", "s-old", "s-web"]);
    // The orphan directory's session becomes the newest: groups stay put (no jumping + buttons).
    setState("sessions", "s-orphan", "info", "time", { created: NOW, updated: NOW + 1 });
    expect(screen.getAllByRole("region").map((group) => group.getAttribute("aria-label"))).toEqual([
      "/home/dev/api",
      "/home/dev/web",
      "/srv/elsewhere",
    ]);
    const child = document.querySelector('[data-session-id="s-child"]')!;
    expect(child.closest("li")).toHaveStyle({ "--depth": "1" });
    expect(child).toHaveClass("is-child");
  });

  it("exposes status, attention, relative time and unread", () => {
    setup({ unread: ["s-old"] });
    const parent = document.querySelector('[data-session-id="s-parent"]')!;
    expect(parent).toHaveAttribute("data-session-status", "busy");
    expect(parent).toHaveTextContent("needs permission");
    expect(parent).toHaveTextContent("2m ago");
    expect(document.querySelector('[data-session-id="s-web"]')).toHaveAttribute("data-session-status", "retry");
    expect(document.querySelector('[data-session-id="s-web"]')).toHaveAttribute("aria-current", "page");
    expect(document.querySelector('[data-session-id="s-old"]')).toHaveAttribute("data-session-status", "idle");
    expect(within(document.querySelector('[data-session-id="s-old"]') as HTMLElement).getByRole("img", { name: "unread" })).toBeInTheDocument();
    expect(document.querySelector('[data-session-id="s-web"]')).not.toHaveAttribute("data-unread");
  });

  it("follows store changes: status, new sessions", () => {
    const { setState } = setup();
    setState("status", "s-old", { type: "busy" });
    expect(document.querySelector('[data-session-id="s-old"]')).toHaveAttribute("data-session-status", "busy");
    setState(
      "sessions",
      "s-child2",
      makeSession("s-child2", {
        title: "Second step",
        directory: "/home/dev/api",
        parentID: "s-parent",
        seenBy: ["api"],
        created: NOW - 30_000,
        updated: NOW - 200_000,
      }),
    );
    expect(rowIds()).toEqual(["s-parent", "s-child", "s-child2", "s-old", "s-web"]);
  });

  it("filters by title and keeps a matching child's parent", () => {
    setup();
    const filter = screen.getByRole("searchbox", { name: "Filter sessions" });
    fireEvent.input(filter, { target: { value: "token" } });
    expect(rowIds()).toEqual(["s-parent", "s-child"]);
    fireEvent.input(filter, { target: { value: "zzz" } });
    expect(rowIds()).toEqual([]);
    expect(screen.getByText(/No sessions match/)).toBeInTheDocument();
  });

  it("shows only the selected instance's sessions", () => {
    setup({ instanceId: "web" });
    expect(rowIds()).toEqual(["s-web"]);
  });

  it("under a machine's tab shows that machine's sessions only, with New session for its instances there", () => {
    const { setState, createSession } = setup({ instanceId: "machine:mb" });
    expect(rowIds()).toEqual([]);
    const laptop = { id: "mb", name: "laptop" };
    setState("instances", "m-mb-1", makeInstance("m-mb-1", { directory: "/home/dev/web", port: 6000, machine: laptop, origin: "peer" }));
    setState("instances", "m-mb-2", makeInstance("m-mb-2", { directory: "/home/dev/ops", port: 6001, machine: laptop, origin: "peer" }));
    // web's sessions are of the laptop's folder too; api's are not; ops has none yet but runs there.
    expect(rowIds()).toEqual(["s-web"]);
    const ops = screen.getByRole("region", { name: "/home/dev/ops" });
    fireEvent.click(within(ops).getByRole("button", { name: "New session" }));
    expect(createSession).toHaveBeenCalledWith("m-mb-2");
    // Only the machine's own instances offer New session (not this machine's web server).
    const web = screen.getByRole("region", { name: "/home/dev/web" });
    expect(
      within(web)
        .getAllByRole("button", { name: "New session" })
        .map((b) => b.getAttribute("data-new-session-for")),
    ).toEqual(["m-mb-1"]);
  });

  it("offers New session per group with a running instance; it asks for a new session there and opens nothing yet", () => {
    const { createSession, onOpen } = setup();
    const groups = screen.getAllByRole("region");
    expect(within(groups[2]!).queryByRole("button", { name: "New session" })).toBeNull();
    fireEvent.click(within(groups[0]!).getByRole("button", { name: "New session" }));
    expect(createSession).toHaveBeenCalledWith("api");
    expect(onOpen).not.toHaveBeenCalled();
  });

  it("shows a running instance's directory before it has sessions, one New session per instance there", async () => {
    const { setState, createSession, onOpen } = setup();
    setState("instances", "docs", makeInstance("docs", { directory: "/home/dev/docs", port: 6000 }));
    setState("instances", "docs-tui", makeInstance("docs-tui", { directory: "/home/dev/docs", port: 6001, kind: "tui" }));
    const group = screen.getByRole("region", { name: "/home/dev/docs" });
    expect(within(group).getByText("No sessions yet.")).toBeInTheDocument();
    const buttons = within(group).getAllByRole("button", { name: "New session" });
    expect(buttons.map((b) => b.getAttribute("data-new-session-for"))).toEqual(["docs", "docs-tui"]);
    expect(buttons[1]).toHaveTextContent("docs :6001");
    fireEvent.click(buttons[1]!);
    expect(createSession).toHaveBeenCalledWith("docs-tui");
    expect(onOpen).not.toHaveBeenCalled();
    // Filtering shows only matching sessions, not empty directories.
    fireEvent.input(screen.getByRole("searchbox", { name: "Filter sessions" }), { target: { value: "navbar" } });
    expect(screen.queryByRole("region", { name: "/home/dev/docs" })).toBeNull();
  });
});
