/**
 * The sidebar with 10,000 sessions: only a window of rows is in the DOM, and filtering, selecting
 * an off-screen session and scrolling bring the right rows in. jsdom has no layout, so the scroll
 * box is given a height (clientHeight) and scrolling sets scrollTop and fires "scroll", as a browser does.
 */
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeInstance, makeSession, makeState } from "../common/fixtures";
import { SessionList } from "./session-list";
import { WorkspaceFixture } from "../workspace.fixture";

const NOW = Date.now();
const COUNT = 10_000;
const VIEWPORT = 600;
const DIRECTORIES = ["/home/dev/api", "/home/dev/web", "/home/dev/docs"];

/** Session n: newest first by n, spread over three running directories. */
const idOf = (n: number) => `s-${String(n).padStart(5, "0")}`;

function bigState() {
  const sessions = Array.from({ length: COUNT }, (_, n) =>
    makeSession(idOf(n), {
      title: `Task ${n} ${n % 2 === 0 ? "even" : "odd"}`,
      directory: DIRECTORIES[n % 3],
      updated: NOW - n * 1_000,
      seenBy: [["api", "web", "docs"][n % 3] as string],
    }),
  );
  return makeState({
    instances: DIRECTORIES.map((directory, i) => makeInstance(["api", "web", "docs"][i] as string, { directory, port: 4096 + i })),
    sessions,
  });
}

const box = () => document.querySelector(".session-scroll") as HTMLElement;
const rowIds = () => [...document.querySelectorAll("[data-session-id]")].map((row) => row.getAttribute("data-session-id") ?? "");

function scrollTo(top: number): void {
  box().scrollTop = top;
  fireEvent.scroll(box());
}

const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
const scrollHeight = Object.getOwnPropertyDescriptor(Element.prototype, "scrollHeight");
const scrollToMethod = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "scrollTo");

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains("session-scroll") ? VIEWPORT : 0;
    },
  });
  // The virtualizer clamps its scrolls to the box's scrollHeight: the window's height (its only child that scrolls).
  Object.defineProperty(HTMLElement.prototype, "scrollHeight", {
    configurable: true,
    get(this: HTMLElement) {
      const inner = this.classList.contains("session-scroll") ? this.querySelector<HTMLElement>(".session-window") : null;
      return inner ? Number.parseFloat(inner.style.height) : 0;
    },
  });
  // jsdom has no Element.scrollTo: the virtualizer scrolls with it.
  Object.defineProperty(HTMLElement.prototype, "scrollTo", {
    configurable: true,
    value(this: HTMLElement, options: ScrollToOptions) {
      this.scrollTop = options.top ?? this.scrollTop;
      this.dispatchEvent(new Event("scroll"));
    },
  });
});

afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight);
  delete (HTMLElement.prototype as { scrollHeight?: unknown }).scrollHeight;
  if (scrollHeight) Object.defineProperty(Element.prototype, "scrollHeight", scrollHeight);
  if (scrollToMethod) Object.defineProperty(HTMLElement.prototype, "scrollTo", scrollToMethod);
  else delete (HTMLElement.prototype as { scrollTo?: unknown }).scrollTo;
});

afterEach(cleanup);

function setup() {
  const [state] = createStore(bigState());
  const [active, setActive] = createSignal<string | null>(null);
  const onOpen = vi.fn();
  render(() => (
    <WorkspaceFixture state={state}>
      <SessionList onNewSession={vi.fn()} instanceId={null} activeSessionId={active()} isUnread={() => false} onOpen={onOpen} />
    </WorkspaceFixture>
  ));
  return { setActive, onOpen };
}

// Building 10,000 sessions in jsdom takes seconds on a loaded machine.
describe("SessionList with 10,000 sessions", { timeout: 60_000 }, () => {
  it("renders only a window of rows: the newest of the first group, with its header", () => {
    setup();
    const ids = rowIds();
    // 600 px at ~30 px a row, plus overscan: tens of rows, not thousands.
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.length).toBeLessThan(60);
    // Groups in folder-name order (api, docs, web); the first group's newest sessions first.
    expect(ids.slice(0, 3)).toEqual([idOf(0), idOf(3), idOf(6)]);
    expect(screen.getAllByRole("region").map((group) => group.getAttribute("aria-label"))).toEqual(["/home/dev/api"]);
    // The window is as tall as the whole list, so the scrollbar covers every session.
    expect(Number.parseFloat((document.querySelector(".session-window") as HTMLElement).style.height)).toBeGreaterThan(COUNT * 29);
  });

  it("filters to the matching sessions, still windowed, and back", () => {
    setup();
    const filter = screen.getByRole("searchbox", { name: "Filter sessions" });
    fireEvent.input(filter, { target: { value: "task 9999" } });
    expect(rowIds()).toEqual([idOf(9999)]);
    expect(screen.getAllByRole("region").map((group) => group.getAttribute("aria-label"))).toEqual(["/home/dev/api"]);
    fireEvent.input(filter, { target: { value: "odd" } });
    expect(rowIds().length).toBeLessThan(60);
    expect(rowIds().every((id) => Number(id.slice(2)) % 2 === 1)).toBe(true);
    fireEvent.input(filter, { target: { value: "" } });
    expect(rowIds().slice(0, 3)).toEqual([idOf(0), idOf(3), idOf(6)]);
  });

  it("scrolls an off-screen session into view when it is opened elsewhere (palette, search, a link), and marks it", async () => {
    const { setActive } = setup();
    const far = idOf(4_998); // the middle of the first group (api: n % 3 = 0)
    expect(rowIds()).not.toContain(far);
    setActive(far);
    await waitFor(() => expect(rowIds()).toContain(far));
    expect(box().scrollTop).toBeGreaterThan(VIEWPORT);
    expect(document.querySelector(`[data-session-id="${far}"]`)).toHaveAttribute("aria-current", "page");
    // Its group's header is rendered with it (the sticky line above the rows).
    expect(screen.getAllByRole("region").map((group) => group.getAttribute("aria-label"))).toContain("/home/dev/api");
  });

  it("shows later rows, and the later groups' headers, as the list scrolls", async () => {
    setup();
    const first = rowIds();
    const total = Number.parseFloat((document.querySelector(".session-window") as HTMLElement).style.height);
    scrollTo(total - VIEWPORT);
    await waitFor(() => expect(rowIds()).not.toContain(first[0]));
    // The end of the list: the last group (web, folder-name order) and its oldest sessions.
    expect(screen.getAllByRole("region").map((group) => group.getAttribute("aria-label"))).toEqual(["/home/dev/web"]);
    expect(rowIds()).toContain(idOf(9_997));
    expect(rowIds().length).toBeLessThan(60);
  });

  it("opens a session from a rendered row", () => {
    const { onOpen } = setup();
    fireEvent.click(document.querySelector(`[data-session-id="${idOf(3)}"]`) as HTMLElement);
    expect(onOpen).toHaveBeenCalledWith(idOf(3));
  });
});
