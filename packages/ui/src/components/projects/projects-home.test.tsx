import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import type { HubServers } from "../../api/hub-servers";
import type { State } from "../../store/types";
import { makeInstance, makeSession, makeState } from "../common/fixtures";
import { WorkspaceFixture } from "../workspace.fixture";
import { createNewSessionIn, NewSessionIn } from "../workbench/new-session/new-session-in";
import { spawningJob } from "../workbench/new-session/start-job.fixture";
import { ProjectsHome } from "./projects-home";

afterEach(cleanup);

const NOW = Date.now();

/** A hub that is local (its folder browser answers) or remote (403: `folders` gives null). */
function fakeHub(local: boolean) {
  const job = spawningJob({ directory: "/home/dev/web" });
  return {
    folders: vi.fn(async () => (local ? { path: "", absolute: "/home/dev", parent: null, folders: [] } : null)),
    startJob: vi.fn(async () => job),
    job: vi.fn(async () => ({ ...job, state: "failed" as const, message: "Could not start OpenCode in /home/dev/web: no opencode on PATH." })),
    cancelJob: vi.fn(async () => job),
    stop: vi.fn(async () => {}),
  } satisfies HubServers;
}

/** api has a running server and two sessions; web only an old session (its server is gone). */
function fleet(): State {
  return makeState({
    instances: [makeInstance("api", { directory: "/home/dev/api" }), makeInstance("old", { directory: "/home/dev/web", gone: true })],
    sessions: [
      makeSession("a1", { directory: "/home/dev/api", updated: NOW - 60_000 }),
      makeSession("a2", { directory: "/home/dev/api", updated: NOW - 120_000 }),
      makeSession("w1", { directory: "/home/dev/web", updated: NOW - 3 * 3_600_000 }),
    ],
  });
}

function setup(hub: HubServers, state = fleet()) {
  const onNewOn = vi.fn();
  const onOpenSession = vi.fn();
  render(() => {
    const control = createNewSessionIn(hub);
    return (
      <WorkspaceFixture state={state}>
        <NewSessionIn onNewOn={onNewOn} onOpenSession={onOpenSession} control={control} />
        <ProjectsHome control={control} onOpenSession={onOpenSession} />
      </WorkspaceFixture>
    );
  });
  const row = (dir: string) => document.querySelector<HTMLElement>(`[data-project-dir="${dir}"]`)!;
  return { onNewOn, onOpenSession, row };
}

describe("ProjectsHome", () => {
  it("lists the project folders with servers, sessions and last activity; a click opens the latest session", async () => {
    const { onOpenSession, row } = setup(fakeHub(true));
    const home = screen.getByRole("region", { name: "Projects" });
    expect([...home.querySelectorAll("[data-project-dir]")].map((r) => r.getAttribute("data-project-dir"))).toEqual([
      "/home/dev/api",
      "/home/dev/web",
    ]);
    expect(row("/home/dev/api").getAttribute("data-session-count")).toBe("2");
    expect(row("/home/dev/api").textContent).toContain("2 sessions");
    expect(row("/home/dev/api").textContent).toContain("1m ago");
    expect(row("/home/dev/api").querySelector("[data-connection]")?.getAttribute("data-connection")).toBe("connected");
    expect(row("/home/dev/web").textContent).toContain("no server here");
    expect(row("/home/dev/web").textContent).toContain("3h ago");
    fireEvent.click(within(row("/home/dev/api")).getByRole("button", { name: "api" }));
    expect(onOpenSession).toHaveBeenCalledWith("a1");
  });

  it("New session goes through the dialog's start: the folder's server, else the hub starts one", async () => {
    const hub = fakeHub(true);
    const { onNewOn, row } = setup(hub);
    fireEvent.click(await within(row("/home/dev/api")).findByRole("button", { name: "New session in /home/dev/api" }));
    expect(onNewOn).toHaveBeenCalledWith("api");
    // The dialog closed itself once the pane was asked for.
    expect(screen.queryByRole("dialog", { name: "New session in…" })).toBeNull();

    fireEvent.click(await within(row("/home/dev/web")).findByRole("button", { name: "New session in /home/dev/web" }));
    const dialog = await screen.findByRole("dialog", { name: "New session in…" });
    expect((within(dialog).getByRole("textbox", { name: "Folder" }) as HTMLInputElement).value).toBe("/home/dev/web");
    await waitFor(() => expect(hub.startJob).toHaveBeenCalledWith("/home/dev/web"));
    await within(dialog).findByText(/no opencode on PATH/);
  });

  it("Add project opens the dialog empty", async () => {
    setup(fakeHub(true));
    fireEvent.click(await screen.findByRole("button", { name: "Add project" }));
    const dialog = await screen.findByRole("dialog", { name: "New session in…" });
    expect((within(dialog).getByRole("textbox", { name: "Folder" }) as HTMLInputElement).value).toBe("");
    expect(within(dialog).getByRole("button", { name: "Browse your home folder" })).toBeTruthy();
  });

  it("in remote mode offers no start: no Add project, New session only where a server runs", async () => {
    const hub = fakeHub(false);
    const { onNewOn, row } = setup(hub);
    await waitFor(() => expect(hub.folders).toHaveBeenCalled());
    const apiNew = await within(row("/home/dev/api")).findByRole("button", { name: "New session in /home/dev/api" });
    expect(screen.queryByRole("button", { name: "Add project" })).toBeNull();
    expect(screen.queryByRole("button", { name: "New session in…" })).toBeNull();
    expect(within(row("/home/dev/web")).queryByRole("button", { name: /New session/ })).toBeNull();
    fireEvent.click(apiNew);
    expect(onNewOn).toHaveBeenCalledWith("api");
  });
});
