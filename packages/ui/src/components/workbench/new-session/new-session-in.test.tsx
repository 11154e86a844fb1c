import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import type { HubServers } from "../../../api/hub-servers";
import type { StartJob } from "../../../api/hub-types";
import { createInitialState } from "../../../store/initial-state";
import { WorkspaceFixture } from "../../workspace.fixture";
import { NewSessionIn } from "./new-session-in";
import { spawningJob } from "./start-job.fixture";

afterEach(cleanup);

const base = spawningJob();

/** A hub whose job reads walk through `reads` (the last one repeats). */
function fakeHub(reads: Array<Partial<StartJob>>) {
  let i = 0;
  const hub = {
    folders: vi.fn(async () => ({ path: "", absolute: "/home/me", parent: null, folders: [] })),
    startJob: vi.fn(async () => base),
    job: vi.fn(async () => ({ ...base, ...reads[Math.min(i++, reads.length - 1)] })),
    cancelJob: vi.fn(async () => ({
      ...base,
      state: "cancelled" as const,
      pid: 77,
      message: "Cancelled: the hub stopped the OpenCode it was starting.",
    })),
    stop: vi.fn(async () => {}),
  } satisfies HubServers;
  return hub;
}

async function startIn(hub: HubServers) {
  render(() => (
    <WorkspaceFixture state={createInitialState()}>
      <NewSessionIn onNewOn={() => {}} onOpenSession={() => {}} hub={hub} />
    </WorkspaceFixture>
  ));
  fireEvent.click(await screen.findByRole("button", { name: "New session in…" }));
  fireEvent.input(screen.getByRole("textbox", { name: "Folder" }), { target: { value: "/home/me/fresh" } });
  fireEvent.click(screen.getByRole("button", { name: "Start" }));
}

const stepStatus = (step: string) => document.querySelector(`[data-step="${step}"]`)?.getAttribute("data-status");

describe("New session in… while the hub starts OpenCode", () => {
  it("shows each step with its seconds, then the server's output and words when it fails", async () => {
    const hub = fakeHub([
      { state: "waiting-port", pid: 77, elapsedMs: 1_200 },
      { state: "probing", pid: 77, port: 5555, elapsedMs: 3_400 },
      {
        state: "failed",
        pid: 77,
        elapsedMs: 4_100,
        reason: "start-failed",
        message: "Could not start OpenCode in /home/me/fresh: OpenCode stopped before it listened (exit code 1).",
        output: "Error: Unexpected token in opencode.json",
        log: "/tmp/x/output.log",
      },
    ]);
    await startIn(hub);
    await waitFor(() => expect(stepStatus("waiting-port")).toBe("current"));
    expect(stepStatus("spawning")).toBe("done");
    expect(document.querySelector("[data-elapsed]")?.textContent).toBe("1 s");
    await waitFor(() => expect(stepStatus("probing")).toBe("current"));
    expect(screen.getByRole("button", { name: "Cancel start" })).toBeTruthy();
    await waitFor(() => expect(document.querySelector("[data-start-state]")?.getAttribute("data-start-state")).toBe("failed"));
    expect(screen.getByLabelText("OpenCode's output").textContent).toContain("Unexpected token in opencode.json");
    await waitFor(() => expect(screen.getByText(/exit code 1/)).toBeTruthy());
    expect(document.querySelector("[data-elapsed]")?.textContent).toBe("4 s");
    // Ended: the plain Cancel is back.
    expect(screen.queryByRole("button", { name: "Cancel start" })).toBeNull();
    expect(hub.startJob).toHaveBeenCalledWith("/home/me/fresh");
  });

  it("Cancel start cancels the hub's job and says so", async () => {
    const hub = fakeHub([{ state: "waiting-port", pid: 77, elapsedMs: 500 }]);
    await startIn(hub);
    fireEvent.click(await screen.findByRole("button", { name: "Cancel start" }));
    await waitFor(() => expect(hub.cancelJob).toHaveBeenCalledWith("job-1"));
    await waitFor(() => expect(screen.getByText(/Cancelled: the hub stopped/)).toBeTruthy());
    expect(stepStatus("waiting-port")).toBe("failed");
    // The follow loop notices within one read and the form is usable again.
    await waitFor(() => expect(screen.getByRole("button", { name: "Start" }).hasAttribute("disabled")).toBe(false));
  });

  it("closing the dialog mid-start cancels the job", async () => {
    const hub = fakeHub([{ state: "waiting-port", pid: 77, elapsedMs: 500 }]);
    await startIn(hub);
    await waitFor(() => expect(stepStatus("waiting-port")).toBe("current"));
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    await waitFor(() => expect(hub.cancelJob).toHaveBeenCalledWith("job-1"));
  });
});
