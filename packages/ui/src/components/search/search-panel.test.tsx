import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeInstance, makeState } from "../common/fixtures";
import { fakeSearchClient, makeHit } from "./fixtures";
import { SearchPanel } from "./search-panel";
import { WorkspaceFixture } from "../workspace.fixture";

afterEach(cleanup);

const hits = [
  makeHit({ sessionId: "s-auth", messageId: "m1", snippet: "rotate the token daily", matches: [[11, 16]] }),
  makeHit({
    sessionId: "s-gone",
    messageId: "m9",
    instanceId: null,
    title: "Old notes",
    directory: "/home/dev/notes",
    role: "assistant",
    snippet: "a token <img src=x onerror=alert(1)> here",
    matches: [[2, 7]],
  }),
  makeHit({ sessionId: "s-auth", messageId: "m2", role: "tool", snippet: "grep token src/", matches: [[5, 10]] }),
];

function setup(answer: Parameters<typeof fakeSearchClient>[0] = () => ({ results: hits, next: null })) {
  const state = makeState({ instances: [makeInstance("api", { directory: "/home/dev/api", port: 4096 })] });
  const fake = fakeSearchClient(answer);
  const onOpen = vi.fn();
  render(() => (
    <WorkspaceFixture state={state}>
      <SearchPanel client={fake.client} onOpen={onOpen} onClose={() => {}} />
    </WorkspaceFixture>
  ));
  const box = screen.getByRole("searchbox", { name: "Search messages" });
  return { ...fake, onOpen, box };
}

const type = (box: HTMLElement, value: string) => fireEvent.input(box, { target: { value } });

describe("SearchPanel", () => {
  it("is a dialog named Search whose search box has focus", () => {
    const { box } = setup();
    expect(screen.getByRole("dialog", { name: "Search" })).toContainElement(box);
    expect(document.activeElement).toBe(box);
  });

  it("shows hits grouped by session, with the server, folder and the matched words in <mark>", async () => {
    const { box, calls } = setup();
    type(box, "token");
    await waitFor(() => expect(document.querySelectorAll("[data-message-id]")).toHaveLength(3));
    expect(calls.at(-1)).toMatchObject({ q: "token" });
    const groups = screen.getAllByRole("group");
    expect(groups.map((g) => g.getAttribute("aria-label"))).toEqual(["Refactor auth", "Old notes"]);
    // Both hits of a session sit under it, in rank order.
    expect([...groups[0]!.querySelectorAll("[data-message-id]")].map((e) => e.getAttribute("data-message-id"))).toEqual(["m1", "m2"]);
    expect(within(groups[0]!).getByText(":4096")).toBeInTheDocument();
    expect(within(groups[1]!).getByText("server not running")).toBeInTheDocument();
    expect(within(groups[1]!).getByText("notes")).toBeInTheDocument();
    const first = document.querySelector('[data-message-id="m1"]')!;
    expect(first).toHaveAttribute("data-session-id", "s-auth");
    expect([...first.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["token"]);
    expect(first.querySelector(".sr-snippet")?.textContent).toBe("rotate the token daily");
  });

  it("keeps markup in a snippet inert text: no <img>, no handler", async () => {
    const { box } = setup();
    type(box, "token");
    await waitFor(() => expect(document.querySelector('[data-message-id="m9"]')).not.toBeNull());
    const hit = document.querySelector('[data-message-id="m9"]')!;
    expect(hit.querySelector("img")).toBeNull();
    expect(document.querySelector("img")).toBeNull();
    expect(hit.querySelector(".sr-snippet")?.textContent).toBe("a token <img src=x onerror=alert(1)> here");
  });

  it("walks the hits with ↑/↓ in on-screen order and opens the active one with Enter", async () => {
    const { box, onOpen } = setup();
    type(box, "token");
    await waitFor(() => expect(document.querySelectorAll("[role=option]")).toHaveLength(3));
    const selected = () => document.querySelector('[role=option][aria-selected="true"]')?.getAttribute("data-message-id");
    expect(selected()).toBe("m1");
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(selected()).toBe("m2");
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(selected()).toBe("m9");
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(selected()).toBe("m1");
    fireEvent.keyDown(box, { key: "ArrowUp" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith({ sessionId: "s-gone", messageId: "m9", instanceId: null });
    expect(box).toHaveAttribute("aria-activedescendant", document.querySelector('[data-message-id="m9"]')!.id);
  });

  it("opens a hit on click", async () => {
    const { box, onOpen } = setup();
    type(box, "token");
    await waitFor(() => expect(document.querySelector('[data-message-id="m2"]')).not.toBeNull());
    fireEvent.click(document.querySelector('[data-message-id="m2"]')!);
    expect(onOpen).toHaveBeenCalledWith({ sessionId: "s-auth", messageId: "m2", instanceId: "api" });
  });

  it("asks once for fast typing and aborts a search the next keystroke made stale", async () => {
    const { box, calls, aborted } = setup();
    type(box, "t");
    type(box, "to");
    type(box, "tok");
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ q: "tok" });
    type(box, "toke");
    await waitFor(() => expect(calls).toHaveLength(2));
    type(box, "token");
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(aborted.map((p) => p.q)).toContain("toke");
  });

  it("says so when nothing is found, and shows a failed search as words, not as no results", async () => {
    let fail = false;
    const { box } = setup(() => {
      if (fail) throw new Error("Could not reach the Switchboard hub — is it still running?");
      return { results: [], next: null };
    });
    type(box, "zebra");
    expect(await screen.findByText("Nothing found for “zebra”.")).toBeInTheDocument();
    fail = true;
    type(box, "zebras");
    expect(await screen.findByRole("alert")).toHaveTextContent("Search failed: Could not reach the Switchboard hub");
    expect(screen.queryByText(/Nothing found/)).toBeNull();
  });
});

describe("SearchPanel across machines", () => {
  it("labels a peer's hits with its machine and says which machines are missing from the results", async () => {
    const peerHit = makeHit({ sessionId: "s-peer", messageId: "p1", instanceId: "m-b-api", machine: "laptop", title: "On the laptop" });
    const { box } = setup((params) => ({
      results: [hits[0]!, peerHit],
      next: null,
      unanswered:
        params.q === "token" ? [{ machine: "desktop", message: "desktop did not answer within 1.5 s: its sessions are not in these results." }] : [],
    }));
    type(box, "token");
    const group = await screen.findByRole("group", { name: "On the laptop" });
    expect(within(group).getByText("laptop")).toBeInTheDocument();
    expect(document.querySelector('[data-unanswered="desktop"]')).toHaveTextContent("desktop did not answer within 1.5 s");
    // The next answer without missing machines clears the words.
    type(box, "tokens");
    await waitFor(() => expect(document.querySelector("[data-unanswered]")).toBeNull());
  });
});

describe("SearchPanel's last words", () => {
  it("starts from the last search, selected, and reports what is typed", async () => {
    const state = makeState({});
    const fake = fakeSearchClient(() => ({ results: hits, next: null }));
    const onQuery = vi.fn();
    render(() => (
      <WorkspaceFixture state={state}>
        <SearchPanel client={fake.client} initialQuery="token" onQuery={onQuery} onOpen={() => {}} onClose={() => {}} />
      </WorkspaceFixture>
    ));
    const box = screen.getByRole("searchbox", { name: "Search messages" }) as HTMLInputElement;
    expect(box.value).toBe("token");
    expect([box.selectionStart, box.selectionEnd]).toEqual([0, 5]);
    await waitFor(() => expect(document.querySelectorAll("[data-message-id]")).toHaveLength(3));
    fireEvent.input(box, { target: { value: "tokens" } });
    expect(onQuery).toHaveBeenLastCalledWith("tokens");
  });
});
