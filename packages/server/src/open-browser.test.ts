import { describe, expect, it } from "vitest";
import { browserCommand } from "./open-browser.js";

const url = "http://127.0.0.1:7420";

describe("browserCommand", () => {
  it("uses the platform opener", () => {
    expect(browserCommand(url, "darwin", {})).toEqual({ command: "open", args: [url] });
    expect(browserCommand(url, "win32", {})).toEqual({ command: "cmd", args: ["/c", "start", '""', url] });
    expect(browserCommand(url, "linux", { DISPLAY: ":0" })).toEqual({ command: "xdg-open", args: [url] });
    expect(browserCommand(url, "linux", { WAYLAND_DISPLAY: "wayland-0" })).toEqual({ command: "xdg-open", args: [url] });
  });

  it("skips in CI and on Linux without a display", () => {
    expect(browserCommand(url, "darwin", { CI: "true" })).toEqual({ skip: "CI is set" });
    expect(browserCommand(url, "linux", {})).toEqual({ skip: "no DISPLAY or WAYLAND_DISPLAY" });
    expect(browserCommand(url, "linux", { CI: "false", DISPLAY: ":0" })).toMatchObject({ command: "xdg-open" });
  });
});
