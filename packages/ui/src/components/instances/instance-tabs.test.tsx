import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConnectionState, State } from "../../store/types";
import { makeInstance, makeState } from "../common/fixtures";
import { InstanceTabs } from "./instance-tabs";
import { createWorkspace, WorkspaceProvider } from "../workspace-services";
import { WorkspaceFixture } from "../workspace.fixture";
import { fakeActions } from "../session-view.fixture";
import { newSessionId } from "../../store/ownership";

const STATES: ConnectionState[] = ["connecting", "connected", "reconnecting", "stalled", "offline", "auth-required", "error"];

type Submit = (id: string, password: string, username?: string) => Promise<void>;

function setup(state: State, submitCredentials = vi.fn<Submit>(async () => {}), selected = "all") {
  const [store, setStore] = createStore(state);
  const onSelect = vi.fn();
  const services = createWorkspace({ state: store, actions: fakeActions({ submitCredentials }), storage: null });
  const result = render(() => (
    <WorkspaceProvider value={services}>
      <InstanceTabs selected={selected} onSelect={onSelect} />
    </WorkspaceProvider>
  ));
  return { ...result, store, setStore, onSelect, submitCredentials, services };
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("InstanceTabs", () => {
  it("marks a server's tab when the first send of a new session there failed (that session has no tab yet)", () => {
    const { services } = setup(makeState({ instances: [makeInstance("i-new", { directory: "/home/u/new", port: 4100 })] }));
    const tab = screen.getByRole("tablist", { name: "Instances" }).querySelector('[data-instance-id="i-new"]') as HTMLElement;
    expect(tab.querySelector("[data-not-sent]")).toBeNull();
    const drafts = services.drafts;
    drafts.restore(newSessionId("i-new"), drafts.take(newSessionId("i-new")), "Not sent: OpenCode at :4100 did not answer");
    expect(within(tab).getByRole("img", { name: "Not sent: OpenCode at :4100 did not answer" })).toBeInTheDocument();
    drafts.take(newSessionId("i-new"));
  });

  it("marks the tab of a server Switchboard started, in its name and its badge", () => {
    setup(makeState({ instances: [makeInstance("i-own", { managed: true }), makeInstance("i-found")] }));
    const list = screen.getByRole("tablist", { name: "Instances" });
    const own = list.querySelector('[data-instance-id="i-own"]') as HTMLElement;
    const found = list.querySelector('[data-instance-id="i-found"]') as HTMLElement;
    expect(own).toHaveAttribute("data-managed");
    expect(own).toHaveAccessibleName(/, started by Switchboard$/);
    expect(own.querySelector(".kind-managed")).toHaveTextContent("started");
    expect(found).not.toHaveAttribute("data-managed");
    expect(found).not.toHaveAccessibleName(/started by Switchboard/);
  });

  it("renders an All tab and one tab per instance with its data-connection and name", () => {
    const instances = STATES.map((state, index) =>
      makeInstance(`i-${state}`, {
        directory: `/home/u/p-${state}`,
        port: 4000 + index,
        connection: { state, attempt: state === "reconnecting" ? 1 : 0 },
      }),
    );
    setup(makeState({ instances }));
    const list = screen.getByRole("tablist", { name: "Instances" });
    const tabs = within(list).getAllByRole("tab");
    expect(tabs).toHaveLength(STATES.length + 1);
    expect(tabs[0]).toHaveAttribute("data-instance-id", "all");
    expect(tabs[0]).toHaveAttribute("aria-selected", "true");
    for (const state of STATES) {
      const tab = list.querySelector(`[data-instance-id="i-${state}"]`);
      expect(tab).toHaveAttribute("data-connection", state);
      expect(tab).toHaveAccessibleName(new RegExp(`^p-${state}, `));
    }
    // All takes the worst live state.
    expect(tabs[0]).toHaveAttribute("data-connection", "error");
    expect(screen.getByRole("tab", { name: /^p-auth-required, password required/ })).toBeInTheDocument();
    expect(list.querySelector('[data-instance-id="i-connected"]')).toHaveAttribute("title", expect.stringContaining("port 4001 · serve · v1.18.33"));
  });

  it("summarises on the All tab how many servers are connected, without a lock", () => {
    const locked = makeInstance("v", { directory: "/home/u/vault", connection: { state: "auth-required" } });
    const { setStore } = setup(makeState({ instances: [makeInstance("a"), makeInstance("b"), makeInstance("c"), locked] }));
    const all = screen.getByRole("tab", { name: /^All, / });
    expect(all).toHaveAttribute("data-connection", "auth-required");
    expect(all).toHaveAccessibleName("All, 3 of 4 connected");
    expect(all.title).toContain("3 of 4 connected");
    expect(all.querySelector(".lock")).toBeNull();
    expect(all).toHaveTextContent("3/4");
    expect(all.querySelector(".dot-partial")).not.toBeNull();
    setStore("instances", "v", "connection", "state", "connected");
    expect(all).toHaveAccessibleName("All, 4 of 4 connected");
    expect(all).not.toHaveTextContent("4/4");
    expect(all.querySelector(".dot-connected")).not.toBeNull();
  });

  it("shows the All tab as connected when every instance is, and counts waiting requests", () => {
    const { store, setStore } = setup(makeState({ instances: [makeInstance("a"), makeInstance("b")] }));
    const all = screen.getByRole("tab", { name: /^All, / });
    expect(all).toHaveAttribute("data-connection", "connected");
    setStore("sessions", "s1", {
      info: { id: "s1", slug: "s1", projectID: "g", directory: "/home/dev/a", title: "t", version: "1", time: { created: 1, updated: 1 } },
      seenBy: ["a"],
      liveOwner: null,
    });
    setStore("permissions", "s1", [{ id: "p1", sessionID: "s1", permission: "bash", patterns: [], metadata: {}, always: [] }]);
    expect(store.permissions.s1).toHaveLength(1);
    expect(screen.getByRole("tab", { name: /^a, connected, 1 waiting for you/ })).toBeInTheDocument();
    expect(all).toHaveAccessibleName(/1 waiting for you/);
  });

  it("shows the reconnect attempt and a live countdown", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "Date"] });
    vi.setSystemTime(100_000);
    setup(makeState({ instances: [makeInstance("a", { connection: { state: "reconnecting", attempt: 2, nextRetryAt: 104_000 } })] }));
    const tab = screen.getByRole("tab", { name: /^a, reconnecting/ });
    expect(tab).toHaveTextContent("retry 2 in 4s");
    vi.advanceTimersByTime(1_000);
    await waitFor(() => expect(tab).toHaveTextContent("retry 2 in 3s"));
  });

  it("scrolls the selected tab into view, also when it appears after the selection", () => {
    const scrolled: string[] = [];
    const original = HTMLElement.prototype.scrollIntoView;
    HTMLElement.prototype.scrollIntoView = function (this: HTMLElement) {
      scrolled.push(this.getAttribute("data-instance-id") ?? "");
    };
    try {
      const [store, setStore] = createStore(makeState({ instances: [makeInstance("a")] }));
      const [selected, setSelected] = createSignal("b");
      render(() => (
        <WorkspaceFixture state={store}>
          <InstanceTabs selected={selected()} onSelect={vi.fn()} />
        </WorkspaceFixture>
      ));
      expect(scrolled).toEqual(["all"]); // "b" is not listed yet: All stands in for it
      setStore("instances", "b", makeInstance("b"));
      expect(scrolled).toEqual(["all", "b"]);
      setStore("instances", "c", makeInstance("c"));
      expect(scrolled).toEqual(["all", "b"]); // an update elsewhere does not pull the bar back
      setSelected("a");
      expect(scrolled).toEqual(["all", "b", "a"]);
      setStore("instances", "a", "connection", { state: "reconnecting", attempt: 1, nextRetryAt: 1 });
      expect(scrolled).toEqual(["all", "b", "a", "a"]); // it widened with a countdown
      setStore("instances", "b", "connection", { state: "reconnecting", attempt: 1, nextRetryAt: 1 });
      expect(scrolled).toEqual(["all", "b", "a", "a"]);
    } finally {
      HTMLElement.prototype.scrollIntoView = original;
    }
  });

  it("moves between tabs with the arrow keys", () => {
    const { onSelect } = setup(makeState({ instances: [makeInstance("a"), makeInstance("b")] }));
    const all = screen.getByRole("tab", { name: /^All, / });
    fireEvent.keyDown(all, { key: "ArrowRight" });
    expect(onSelect).toHaveBeenLastCalledWith("a");
    fireEvent.keyDown(all, { key: "ArrowLeft" });
    expect(onSelect).toHaveBeenLastCalledWith("b");
  });

  it("unlocks a password server through submitCredentials and shows rejections in words", async () => {
    const submitCredentials = vi.fn<Submit>().mockRejectedValueOnce(new Error("The server rejected this password.")).mockResolvedValueOnce(undefined);
    const { onSelect, setStore } = setup(
      makeState({
        instances: [makeInstance("locked", { directory: null, port: 6421, status: "auth-required", connection: { state: "auth-required" } })],
      }),
      submitCredentials,
    );
    const tab = screen.getByRole("tab", { name: /^:6421, password required/ });
    expect(tab.querySelector("svg.lock")).not.toBeNull();
    fireEvent.click(tab);
    expect(onSelect).toHaveBeenCalledWith("locked");

    const form = screen.getByRole("dialog", { name: "Unlock :6421" });
    fireEvent.input(within(form).getByLabelText("Username"), { target: { value: "admin" } });
    fireEvent.input(within(form).getByLabelText("Password"), { target: { value: "wrong" } });
    fireEvent.click(within(form).getByRole("button", { name: "Unlock" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("The server rejected this password.");
    expect(submitCredentials).toHaveBeenCalledWith("locked", "wrong", "admin");

    fireEvent.input(within(form).getByLabelText("Password"), { target: { value: "right" } });
    fireEvent.click(within(form).getByRole("button", { name: "Unlock" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(submitCredentials).toHaveBeenLastCalledWith("locked", "right", "admin");
    setStore("instances", "locked", "connection", "state", "connected");
    expect(tab).toHaveAttribute("data-connection", "connected");
  });

  it("asks for a password before sending an empty one", async () => {
    const { submitCredentials } = setup(makeState({ instances: [makeInstance("locked", { connection: { state: "auth-required" } })] }));
    fireEvent.click(screen.getByRole("tab", { name: /^locked/ }));
    fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Enter the server's password/);
    expect(submitCredentials).not.toHaveBeenCalled();
  });

  it("a machine's head is a tab of its own (that machine's All): it selects machine:<id> and shows selected", () => {
    const b = { id: "mb", name: "laptop" };
    const state = makeState({
      instances: [makeInstance("local-1"), makeInstance("m-mb-1", { machine: b, origin: "peer" })],
      machines: [{ id: "mb", name: "laptop", url: "http://10.0.0.2:7420", status: "connected", error: null }],
    });
    const { onSelect } = setup(state, undefined, "machine:mb");
    const head = screen.getByRole("tab", { name: "laptop, every instance: connected" });
    expect(head).toHaveAttribute("aria-selected", "true");
    expect(head).toHaveAttribute("tabindex", "0");
    expect(screen.getByRole("tab", { name: /^All, / })).toHaveAttribute("aria-selected", "false");
    fireEvent.keyDown(head, { key: "ArrowRight" });
    expect(onSelect).toHaveBeenLastCalledWith("m-mb-1");
    fireEvent.keyDown(head, { key: "ArrowLeft" });
    expect(onSelect).toHaveBeenLastCalledWith("local-1");
    fireEvent.click(head);
    expect(onSelect).toHaveBeenLastCalledWith("machine:mb");
  });

  it("groups other machines' instances under their machine's head, after this machine's; arrows follow the shown order", () => {
    const b = { id: "mb", name: "laptop" };
    const { onSelect, setStore } = setup(
      makeState({
        instances: [
          makeInstance("m-mb-1", { directory: "/home/u/api", machine: b, origin: "peer" }),
          makeInstance("local-1", { directory: "/home/u/web" }),
          makeInstance("m-mb-2", { directory: "/home/u/docs", machine: b, origin: "peer", connection: { state: "reconnecting", attempt: 1 } }),
          makeInstance("m-mc-1", { directory: "/home/u/ops", machine: { id: "mc", name: "build-box" }, origin: "peer" }),
        ],
        machines: [
          { id: "mb", name: "laptop", url: "http://10.0.0.2:7420", status: "offline", error: "laptop does not answer; retrying." },
          { id: "md", name: "cloud", url: "https://10.0.0.4:7420", status: "signed-out", error: "cloud signed this hub out" },
        ],
      }),
    );
    const list = screen.getByRole("tablist", { name: "Instances" });
    const order = within(list)
      .getAllByRole("tab")
      .map((tab) => tab.getAttribute("data-instance-id") ?? `head ${tab.getAttribute("data-machine-id")}`);
    expect(order).toEqual(["all", "local-1", "head mb", "m-mb-1", "m-mb-2", "head md", "head mc", "m-mc-1"]);
    // This machine's tab is not in any group.
    expect(list.querySelector('[data-instance-id="local-1"]')?.closest(".machine-group")).toBeNull();
    const laptop = list.querySelector('.machine-group[data-machine-group="mb"]') as HTMLElement;
    const head = laptop.querySelector(".machine-tab") as HTMLElement;
    expect(head).toHaveAttribute("data-connection", "offline");
    expect(head).toHaveTextContent("laptop");
    expect(head).toHaveTextContent("offline, retrying");
    expect(head).toHaveAttribute("title", "laptop does not answer; retrying.");
    expect([...laptop.querySelectorAll(".instance-tab")].map((t) => t.getAttribute("data-instance-id"))).toEqual(["m-mb-1", "m-mb-2"]);
    // A machine without instances still shows its head; one the hub has not listed yet is connecting.
    expect(list.querySelector('.machine-group[data-machine-group="md"] .machine-tab')).toHaveTextContent("signed out, pair again");
    expect(list.querySelector('.machine-group[data-machine-group="mc"] .machine-tab')).toHaveAttribute("data-connection", "connecting");
    // The tab's accessible name still names its machine.
    expect(list.querySelector('[data-instance-id="m-mb-1"]')).toHaveAccessibleName(/^laptop: api, /);

    const all = screen.getByRole("tab", { name: /^All, / });
    fireEvent.keyDown(all, { key: "ArrowLeft" });
    expect(onSelect).toHaveBeenLastCalledWith("m-mc-1");
    fireEvent.keyDown(all, { key: "ArrowRight" });
    expect(onSelect).toHaveBeenLastCalledWith("local-1");

    // The group's tabs stay mounted while documents come and go (focus and scroll survive).
    const tab = list.querySelector('[data-instance-id="m-mb-1"]');
    setStore("machines", 0, "status", "connected");
    setStore("instances", "m-mb-2", "connection", "state", "connected");
    expect(list.querySelector('[data-instance-id="m-mb-1"]')).toBe(tab);
    expect(head).toHaveAttribute("data-connection", "connected");
  });

  it("shows no machine groups when there are no other machines", () => {
    setup(makeState({ instances: [makeInstance("a"), makeInstance("url-x", { origin: "url" })] }));
    const list = screen.getByRole("tablist", { name: "Instances" });
    expect(list.querySelector(".machine-group, .machine-tab")).toBeNull();
    expect(within(list).getAllByRole("tab")).toHaveLength(3);
  });
});
