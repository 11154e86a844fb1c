import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeSearchClient, makeHit } from "../search/fixtures";
import { SearchHost } from "../search/search-host";
import { CommandPalette } from "./palette";
import type { PaletteEntry } from "./palette-model";

afterEach(cleanup);

const entries = (): PaletteEntry[] => [
  { kind: "session", key: "session:s1", sessionId: "s1", title: "Token cleanup", detail: "api :4096", archived: false },
  { kind: "command", key: "command:help", command: "help", title: "Keyboard shortcuts", detail: "?" },
];

describe("CommandPalette's Messages group", () => {
  it("lists message hits from the search API after the sessions, marked, and picks one with the keyboard", async () => {
    const hit = makeHit({ sessionId: "s2", messageId: "m7", title: "Deploy", snippet: "the token expired", matches: [[4, 9]] });
    const fake = fakeSearchClient(() => ({ results: [hit], next: null }));
    const onPick = vi.fn();
    render(() => (
      <SearchHost onOpenSession={() => {}} client={fake.client}>
        <CommandPalette entries={entries} onPick={onPick} onClose={() => {}} />
      </SearchHost>
    ));
    const box = screen.getByRole("combobox", { name: "Search sessions and actions" });
    fireEvent.input(box, { target: { value: "token" } });
    await waitFor(() => expect(document.querySelector('[data-message-id="m7"]')).not.toBeNull());
    expect(fake.calls.at(-1)).toMatchObject({ q: "token", limit: 8 });
    expect(screen.getByText("Messages")).toBeInTheDocument();
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.getAttribute("data-palette-key"))).toEqual(["session:s1", "message:s2/m7/user"]);
    expect([...options[1]!.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["token"]);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ kind: "message", sessionId: "s2", messageId: "m7", instanceId: "api" }));
  });

  it("says when the message search failed instead of showing no messages", async () => {
    const fake = fakeSearchClient(() => {
      throw new Error("the Switchboard hub refused the search (500)");
    });
    render(() => (
      <SearchHost onOpenSession={() => {}} client={fake.client}>
        <CommandPalette entries={entries} onPick={() => {}} onClose={() => {}} />
      </SearchHost>
    ));
    fireEvent.input(screen.getByRole("combobox"), { target: { value: "zz" } });
    expect(await screen.findByRole("alert")).toHaveTextContent("search failed: the Switchboard hub refused the search (500)");
  });
});
