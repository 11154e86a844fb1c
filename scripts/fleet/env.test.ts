import { describe, expect, it } from "vitest";
import { authEnv, authHeaders, isolatedEnv, OFFLINE_FLAGS } from "./env.js";
import { homeDirs } from "./workspace.js";

describe("isolatedEnv", () => {
  it("points HOME and XDG_* into the fleet and drops inherited OpenCode/tmux state", () => {
    const dirs = homeDirs("/tmp/fleet/home");
    const env = isolatedEnv(dirs, {
      PATH: "/usr/bin",
      HOME: "/root",
      XDG_DATA_HOME: "/root/.local/share",
      OPENCODE_SERVER_PASSWORD: "leak",
      OPENCODE: "1",
      TMUX: "/tmp/tmux-0/default,1,0",
      AGENT: "1",
    });
    expect(env).toMatchObject({
      PATH: "/usr/bin",
      HOME: "/tmp/fleet/home",
      XDG_DATA_HOME: "/tmp/fleet/home/.local/share",
      XDG_CONFIG_HOME: "/tmp/fleet/home/.config",
      XDG_CACHE_HOME: "/tmp/fleet/home/.cache",
      XDG_STATE_HOME: "/tmp/fleet/home/.local/state",
      ...OFFLINE_FLAGS,
    });
    for (const key of ["OPENCODE_SERVER_PASSWORD", "OPENCODE", "TMUX", "AGENT"]) expect(env).not.toHaveProperty(key);
  });
});

describe("auth helpers", () => {
  it("set the password env and a Basic header only when a password is given", () => {
    expect(authEnv(undefined, "u")).toEqual({});
    expect(authEnv("pw", undefined)).toEqual({ OPENCODE_SERVER_PASSWORD: "pw" });
    expect(authEnv("pw", "me")).toEqual({ OPENCODE_SERVER_PASSWORD: "pw", OPENCODE_SERVER_USERNAME: "me" });
    expect(authHeaders(undefined, undefined)).toEqual({});
    expect(authHeaders("pw", undefined)).toEqual({ authorization: `Basic ${Buffer.from("opencode:pw").toString("base64")}` });
  });
});
