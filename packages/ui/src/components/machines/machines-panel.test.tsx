import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { createStore } from "solid-js/store";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Machine } from "../../api/hub-types";
import type { State } from "../../store/types";
import { makeInstance, makeState } from "../common/fixtures";
import { WorkspaceFixture } from "../workspace.fixture";
import { MachinesPanel } from "./machines-panel";
import type { MachinesClient } from "./machines-api";

const client = (overrides: Partial<MachinesClient> = {}): MachinesClient => ({
  addServer: vi.fn(async () => undefined),
  addMachine: vi.fn(async () => ({ id: "b", name: "b", url: "http://b", status: "connecting" as const, error: null })),
  removeMachine: vi.fn(async () => ({ revoked: true, message: "laptop is forgotten; it revoked this hub's credential." })),
  removeServer: vi.fn(async () => undefined),
  ...overrides,
});

const view = (parts: Partial<Pick<State, "machines" | "nearby" | "instances">> = {}): State => ({ ...makeState(), ...parts });

afterEach(cleanup);

describe("MachinesPanel", () => {
  it("shows each machine with its own connection state and name", () => {
    const machines: Machine[] = [
      { id: "b", name: "laptop", url: "http://b:7420", status: "connected", error: null },
      { id: "c", name: "desk", url: "http://c:7420", status: "signed-out", error: "desk signed this hub out" },
    ];
    render(() => (
      <WorkspaceFixture state={view({ machines })}>
        <MachinesPanel client={client()} />
      </WorkspaceFixture>
    ));
    const panel = screen.getByRole("region", { name: "Machines" });
    expect(panel.querySelector('.machine-row[data-machine="laptop"]')).toHaveAttribute("data-connection", "connected");
    const desk = panel.querySelector('.machine-row[data-machine="desk"]');
    expect(desk).toHaveAttribute("data-connection", "signed-out");
    expect(desk).toHaveTextContent("signed out, pair again");
    expect(desk).toHaveAttribute("title", "desk signed this hub out");
  });

  it("adds a server by URL and password, and shows the hub's refusal in words", async () => {
    const addServer = vi.fn(async () => {
      throw new Error("http://10.0.0.2:4096 refused this password.");
    });
    render(() => (
      <WorkspaceFixture state={view()}>
        <MachinesPanel client={client({ addServer })} />
      </WorkspaceFixture>
    ));
    fireEvent.click(screen.getByRole("button", { name: "Add a server" }));
    fireEvent.input(screen.getByLabelText("URL"), { target: { value: "http://10.0.0.2:4096" } });
    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "nope" } });
    fireEvent.submit(screen.getByLabelText("URL").closest("form") as HTMLFormElement);
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("refused this password"));
    expect(addServer).toHaveBeenCalledWith("http://10.0.0.2:4096", "nope");
  });

  it("adds a machine by its sign-in link, offering the Switchboards announced nearby", async () => {
    const c = client();
    render(() => (
      <WorkspaceFixture state={view({ nearby: [{ name: "desk", url: "http://10.0.0.9:7420" }] })}>
        <MachinesPanel client={c} />
      </WorkspaceFixture>
    ));
    fireEvent.click(screen.getByRole("button", { name: "Add a machine" }));
    expect(screen.getByRole("list", { name: "Switchboards on this network" })).toHaveTextContent("desk http://10.0.0.9:7420");
    // Pair puts its address in the link field, selected for the printed link to be pasted over it.
    fireEvent.click(screen.getByRole("button", { name: "Pair desk" }));
    const field = screen.getByLabelText("Sign-in link") as HTMLInputElement;
    expect(field.value).toBe("http://10.0.0.9:7420/auth/");
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, field.value.length]);
    expect(c.addMachine).not.toHaveBeenCalled();
    fireEvent.input(screen.getByLabelText("Sign-in link"), { target: { value: "http://b:7420/auth/abc" } });
    fireEvent.submit(screen.getByLabelText("Sign-in link").closest("form") as HTMLFormElement);
    await waitFor(() => expect(c.addMachine).toHaveBeenCalledWith("http://b:7420/auth/abc"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("lists servers added by URL (not this machine's own or a peer's) and removes one; a refusal is shown in words", async () => {
    const [state, setState] = createStore(
      view({
        instances: {
          "url-abc": makeInstance("url-abc", { origin: "url", directory: "/srv/api", port: 4096 }),
          local: makeInstance("local", { origin: "local" }),
          "m-b-x": makeInstance("m-b-x", { origin: "peer", machine: { id: "b", name: "b" } }),
        },
      }),
    );
    const removeServer = vi
      .fn<MachinesClient["removeServer"]>()
      .mockRejectedValueOnce(new Error("The Switchboard hub did not answer (timeout)."))
      .mockResolvedValue(undefined);
    render(() => (
      <WorkspaceFixture state={state}>
        <MachinesPanel client={client({ removeServer })} />
      </WorkspaceFixture>
    ));
    const panel = screen.getByRole("region", { name: "Machines" });
    expect(panel.querySelectorAll(".server-row")).toHaveLength(1);
    const row = panel.querySelector('.server-row[data-server-id="url-abc"]') as HTMLElement;
    expect(row).toHaveTextContent("api :4096");
    const remove = (): void => {
      fireEvent.click(within(row).getByRole("button", { name: "Remove api :4096" }));
      fireEvent.click(within(row).getByRole("button", { name: "Yes, remove api :4096" }));
    };
    remove();
    await waitFor(() => expect(within(panel).getByRole("alert")).toHaveTextContent("did not answer"));
    remove();
    await waitFor(() => expect(removeServer).toHaveBeenCalledTimes(2));
    expect(removeServer).toHaveBeenLastCalledWith("url-abc");
    await waitFor(() => expect(within(panel).queryByRole("alert")).toBeNull());
    // The hub's next document no longer lists it: the row goes.
    setState("instances", "url-abc", undefined as never);
    expect(panel.querySelector(".server-row")).toBeNull();
  });

  it("removes a machine after asking (Keep keeps it), and says what that machine did with the credential", async () => {
    const removeMachine = vi
      .fn<MachinesClient["removeMachine"]>()
      .mockResolvedValue({ revoked: false, message: "laptop is forgotten here, but it did not answer (connect ECONNREFUSED)." });
    render(() => (
      <WorkspaceFixture state={view({ machines: [{ id: "b", name: "laptop", url: "http://b", status: "offline", error: null }] })}>
        <MachinesPanel client={client({ removeMachine })} />
      </WorkspaceFixture>
    ));
    fireEvent.click(screen.getByRole("button", { name: "Remove laptop" }));
    expect(removeMachine).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Yes, remove laptop" })));
    fireEvent.click(screen.getByRole("button", { name: "Keep laptop" }));
    expect(screen.queryByRole("button", { name: "Yes, remove laptop" })).toBeNull();
    expect(removeMachine).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Remove laptop" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, remove laptop" }));
    await waitFor(() => expect(removeMachine).toHaveBeenCalledWith("b"));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("did not answer"));
  });

  it("marks nearby Switchboards added already (by machine id), with Pair only where pairing is needed", () => {
    const machines: Machine[] = [
      { id: "b", name: "laptop", url: "http://10.0.0.5:7420", status: "connected", error: null },
      { id: "c", name: "desk", url: "http://10.0.0.6:7420", status: "signed-out", error: null },
    ];
    const nearby = [
      { id: "b", name: "laptop", url: "http://10.0.0.5:7420" },
      { id: "c", name: "desk", url: "http://10.0.0.7:7420" },
      { id: "d", name: "box", url: "http://10.0.0.8:7420" },
    ];
    render(() => (
      <WorkspaceFixture state={view({ machines, nearby })}>
        <MachinesPanel client={client()} />
      </WorkspaceFixture>
    ));
    fireEvent.click(screen.getByRole("button", { name: "Add a machine" }));
    const list = screen.getByRole("list", { name: "Switchboards on this network" });
    expect(list.querySelector('[data-nearby="laptop"]')).toHaveTextContent(/laptop .* added$/);
    expect(within(list).queryByRole("button", { name: "Pair laptop" })).toBeNull();
    expect(list.querySelector('[data-nearby="desk"]')).toHaveTextContent("signed out: pair again");
    within(list).getByRole("button", { name: "Pair desk" });
    within(list).getByRole("button", { name: "Pair box" });
  });
});
