import { describe, expect, it } from "vitest";
import { parseServiceState, portOf } from "./v2-service.js";

describe("OpenCode 2 service registration", () => {
  it("reads the state file's pid, url, password and version", () => {
    const text = '{"id":"88243bda","version":"2.1.2","url":"http://127.0.0.1:47555","pid":20415,"password":"G52ws"}';
    expect(parseServiceState(text)).toEqual({ pid: 20415, url: "http://127.0.0.1:47555", password: "G52ws", version: "2.1.2" });
    expect(portOf("http://127.0.0.1:47555")).toBe(47555);
  });

  it("rejects a half-written or foreign file", () => {
    expect(parseServiceState('{"pid":1,"url":"http://127.0.0.1:1"')).toBeUndefined();
    expect(parseServiceState('{"pid":"1","url":"http://x","password":"p","version":"2"}')).toBeUndefined();
    expect(parseServiceState("[]")).toBeUndefined();
  });
});
