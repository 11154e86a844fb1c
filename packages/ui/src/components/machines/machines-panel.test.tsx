import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Machine } from "../../api/hub-types";
import { MachinesBar } from "./machines-bar";
import type { MachinesClient } from "./machines-api";

const client = (overrides: Partial<MachinesClient> = {}): MachinesClient => ({
  addServer: vi.fn(async () => undefined),
  addMachine: vi.fn(async () => ({ id: "b", name: "b", url: "http://b", status: "connecting" as const, error: null })),
  removeMachine: vi.fn(async () => undefined),
  removeServer: vi.fn(async () => undefined),
  ...overrides,
});

afterEach(cleanup);

describe("MachinesBar", () => {
  it("shows each machine with its own connection state and name", () => {
    const [machines] = createSignal<Machine[]>([
      { id: "b", name: "laptop", url: "http://b:7420", status: "connected", error: null },
      { id: "c", name: "desk", url: "http://c:7420", status: "signed-out", error: "desk signed this hub out" },
    ]);
    render(() => <MachinesBar client={client()} machines={machines} />);
    const laptop = document.querySelector('[data-machine="laptop"]');
    expect(laptop).toHaveAttribute("data-connection", "connected");
    const desk = document.querySelector('[data-machine="desk"]');
    expect(desk).toHaveAttribute("data-connection", "signed-out");
    expect(desk).toHaveTextContent("signed out, add it again");
  });

  it("adds a server by URL and password, and shows the hub's refusal in words", async () => {
    const addServer = vi.fn(async () => {
      throw new Error("http://10.0.0.2:4096 refused this password.");
    });
    render(() => <MachinesBar client={client({ addServer })} machines={() => []} />);
    fireEvent.click(screen.getByRole("button", { name: "Add a server" }));
    fireEvent.input(screen.getByLabelText("URL"), { target: { value: "http://10.0.0.2:4096" } });
    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "nope" } });
    fireEvent.submit(screen.getByLabelText("URL").closest("form") as HTMLFormElement);
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("refused this password"));
    expect(addServer).toHaveBeenCalledWith("http://10.0.0.2:4096", "nope");
  });

  it("adds a machine by its sign-in link, offering the Switchboards announced nearby", async () => {
    const c = client();
    render(() => <MachinesBar client={c} machines={() => []} nearby={() => [{ name: "desk", url: "http://10.0.0.9:7420" }]} />);
    fireEvent.click(screen.getByRole("button", { name: "Add a machine" }));
    expect(screen.getByRole("list", { name: "Switchboards on this network" })).toHaveTextContent("desk http://10.0.0.9:7420");
    fireEvent.input(screen.getByLabelText("Sign-in link"), { target: { value: "http://b:7420/auth/abc" } });
    fireEvent.submit(screen.getByLabelText("Sign-in link").closest("form") as HTMLFormElement);
    await waitFor(() => expect(c.addMachine).toHaveBeenCalledWith("http://b:7420/auth/abc"));
  });
});
