import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { PermissionPrompt } from "./permission-prompt";
import { FX, fixturePermission } from "../session-view.fixture";

afterEach(cleanup);

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("<PermissionPrompt>", () => {
  it("shows the permission type, the command and what 'always' covers", () => {
    render(() => <PermissionPrompt sessionId={FX.sessionId} request={fixturePermission()} actions={{ replyPermission: vi.fn() }} />);
    const card = document.querySelector(`[data-permission-id="${FX.permissionId}"]`);
    expect(card).toHaveTextContent("bash");
    expect(card?.querySelector("pre")).toHaveTextContent("echo hi");
    expect(card).toHaveTextContent("echo *");
  });

  it.each([
    ["Allow once", "once"],
    ["Always allow", "always"],
    ["Reject", "reject"],
  ] as const)("%s calls replyPermission with %s", async (name, reply) => {
    const replyPermission = vi.fn(async () => {});
    render(() => <PermissionPrompt sessionId={FX.sessionId} request={fixturePermission()} actions={{ replyPermission }} />);
    screen.getByRole("button", { name }).click();
    expect(replyPermission).toHaveBeenCalledExactlyOnceWith(FX.sessionId, FX.permissionId, reply);
  });

  it("disables the buttons while sending and shows the failure in words", async () => {
    const d = deferred();
    const replyPermission = vi.fn(() => d.promise);
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(() => <PermissionPrompt sessionId={FX.sessionId} request={fixturePermission()} actions={{ replyPermission }} />);
    screen.getByRole("button", { name: "Allow once" }).click();
    for (const name of ["Allow once", "Always allow", "Reject"]) {
      expect(screen.getByRole("button", { name })).toBeDisabled();
    }
    d.reject(new Error("alpha :4096 answered 404: permission not found"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not send your answer: alpha :4096 answered 404: permission not found");
    await waitFor(() => expect(screen.getByRole("button", { name: "Allow once" })).toBeEnabled());
  });
});
