import { describe, expect, it } from "vitest";
import { environCredentials, knownCredentials, parseEnviron, serviceFilePassword, serviceFilePaths } from "./known-credentials.js";

const env = (entries: Record<string, string>) =>
  parseEnviron(
    Object.entries(entries)
      .map(([k, v]) => `${k}=${v}\0`)
      .join(""),
  );

describe("environCredentials", () => {
  it("picks OPENCODE_SERVER_PASSWORD with the default username", () => {
    expect(environCredentials(parseEnviron("PATH=/bin\0OPENCODE_SERVER_PASSWORD=pw\0HOME=/h\0"))).toEqual([{ username: "opencode", password: "pw" }]);
  });
  it("honours OPENCODE_SERVER_USERNAME (1.x) and still tries opencode (2.x knows no other), keeping '=' inside values", () => {
    expect(environCredentials(parseEnviron("OPENCODE_SERVER_USERNAME=me\0OPENCODE_SERVER_PASSWORD=a=b\0"))).toEqual([
      { username: "me", password: "a=b" },
      { username: "opencode", password: "a=b" },
    ]);
  });
  it("picks OPENCODE_PASSWORD (2.x serve, the standalone TUI's child) with username opencode", () => {
    expect(environCredentials(env({ OPENCODE_PASSWORD: "child-pw" }))).toEqual([{ username: "opencode", password: "child-pw" }]);
    expect(environCredentials(env({ OPENCODE_SERVER_PASSWORD: "a", OPENCODE_PASSWORD: "b" }))).toEqual([
      { username: "opencode", password: "a" },
      { username: "opencode", password: "b" },
    ]);
  });
  it("returns nothing without a password (an empty one included)", () => {
    expect(environCredentials(parseEnviron("OPENCODE_SERVER_USERNAME=me\0OPENCODE_SERVER_PASSWORD=\0OPENCODE_PASSWORD=\0"))).toEqual([]);
  });
});

describe("serviceFilePaths", () => {
  it("uses HOME when XDG_* are unset: state first, then config", () => {
    expect(serviceFilePaths(env({ HOME: "/home/me" }))).toEqual([
      "/home/me/.local/state/opencode/service.json",
      "/home/me/.config/opencode/service.json",
    ]);
  });
  it("prefers XDG_STATE_HOME and XDG_CONFIG_HOME over HOME, each on its own", () => {
    expect(serviceFilePaths(env({ HOME: "/home/me", XDG_STATE_HOME: "/x/state/" }))).toEqual([
      "/x/state/opencode/service.json",
      "/home/me/.config/opencode/service.json",
    ]);
    expect(serviceFilePaths(env({ HOME: "/home/me", XDG_CONFIG_HOME: "/x/config" }))).toEqual([
      "/home/me/.local/state/opencode/service.json",
      "/x/config/opencode/service.json",
    ]);
  });
  it("ignores relative XDG values and has nothing without HOME", () => {
    expect(serviceFilePaths(env({ HOME: "/h", XDG_STATE_HOME: "rel/state" }))[0]).toBe("/h/.local/state/opencode/service.json");
    expect(serviceFilePaths(env({ XDG_CONFIG_HOME: "/x/config" }))).toEqual(["/x/config/opencode/service.json"]);
    expect(serviceFilePaths(env({}))).toEqual([]);
  });
});

describe("serviceFilePassword", () => {
  it("reads the state file's and the settings file's password", () => {
    expect(serviceFilePassword('{"id":"88","version":"2.1.2","url":"http://127.0.0.1:49374","pid":20415,"password":"G52ws"}')).toBe("G52ws");
    expect(serviceFilePassword('{\n  "port": 47555,\n  "password": "mypass123"\n}')).toBe("mypass123");
  });
  it("is null for a missing or unreadable file, junk, or no password", () => {
    expect(serviceFilePassword(null)).toBeNull();
    expect(serviceFilePassword("{")).toBeNull();
    expect(serviceFilePassword('{"port":47555}')).toBeNull();
    expect(serviceFilePassword('{"password":""}')).toBeNull();
    expect(serviceFilePassword("[]")).toBeNull();
  });
});

describe("knownCredentials", () => {
  const files: Record<string, string> = {
    "/h/.local/state/opencode/service.json": '{"url":"http://127.0.0.1:47555","password":"running"}',
    "/h/.config/opencode/service.json": '{"port":47555,"password":"setting"}',
    "/xs/opencode/service.json": '{"password":"xdg-state"}',
  };
  const read = (path: string) => files[path] ?? null;

  it("gives the service its state file's password, then its settings file's, then its environment's", () => {
    expect(knownCredentials(env({ HOME: "/h", OPENCODE_SERVER_PASSWORD: "ignored-by-2.x" }), true, read)).toEqual([
      { username: "opencode", password: "running" },
      { username: "opencode", password: "setting" },
      { username: "opencode", password: "ignored-by-2.x" },
    ]);
  });
  it("finds the files through the process's own XDG_STATE_HOME before HOME", () => {
    expect(knownCredentials(env({ HOME: "/h", XDG_STATE_HOME: "/xs" }), true, read).map((c) => c.password)).toEqual(["xdg-state", "setting"]);
  });
  it("reads no files for anything but the service", () => {
    const reads: string[] = [];
    expect(knownCredentials(env({ HOME: "/h" }), false, (p) => (reads.push(p), read(p)))).toEqual([]);
    expect(reads).toEqual([]);
  });
  it("has nothing to try when the files are unreadable (the service then stays auth-required)", () => {
    expect(knownCredentials(env({ HOME: "/h" }), true, () => null)).toEqual([]);
  });
  it("lists the same password once", () => {
    const same = (path: string) => (path.endsWith(".json") ? '{"password":"one"}' : null);
    expect(knownCredentials(env({ HOME: "/h" }), true, same)).toEqual([{ username: "opencode", password: "one" }]);
  });
});
