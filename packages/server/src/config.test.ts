import { describe, expect, it } from "vitest";
import { DEFAULT_HOST, DEFAULT_PORT, isLoopbackHost, parseArgs, readVersion } from "./config.js";

/** The machines fields when no --server/--peer flag is given. */
const NO_MACHINES = { servers: [], serverPasswordFile: null, peers: [], peerCaPath: null, mdns: false, mdnsInterface: null };

describe("parseArgs", () => {
  it("uses the defaults with no flags", () => {
    expect(parseArgs([])).toEqual({
      kind: "run",
      config: { port: DEFAULT_PORT, host: DEFAULT_HOST, open: true, scanIntervalMs: 1000, remote: false, tls: null, ...NO_MACHINES },
    });
  });

  it("reads every flag, with spaces or =", () => {
    expect(parseArgs(["--port", "0", "--host=localhost", "--no-open", "--scan-interval", "250"])).toEqual({
      kind: "run",
      config: { port: 0, host: "localhost", open: false, scanIntervalMs: 250, remote: false, tls: null, ...NO_MACHINES },
    });
    expect(parseArgs(["--port=8080"])).toMatchObject({ kind: "run", config: { port: 8080 } });
    expect(parseArgs(["--stop-managed-on-exit"])).toMatchObject({ kind: "run", config: { stopManagedOnExit: true } });
    expect(parseArgs([])).not.toHaveProperty("config.stopManagedOnExit");
  });

  it("reads remote mode and TLS files", () => {
    expect(parseArgs(["--remote", "--host", "0.0.0.0", "--tls-cert", "c.pem", "--tls-key=k.pem"])).toEqual({
      kind: "run",
      config: {
        port: DEFAULT_PORT,
        host: "0.0.0.0",
        open: true,
        scanIntervalMs: 1000,
        remote: true,
        tls: { certPath: "c.pem", keyPath: "k.pem" },
        ...NO_MACHINES,
      },
    });
  });

  it("refuses --remote without --host, TLS halves and --remote=value, in words", () => {
    expect(parseArgs(["--remote"])).toMatchObject({ kind: "error", message: expect.stringMatching(/--remote needs --host/) });
    expect(parseArgs(["--tls-cert", "c.pem"])).toMatchObject({ kind: "error", message: expect.stringMatching(/go together/) });
    expect(parseArgs(["--tls-key", "k.pem"])).toMatchObject({ kind: "error", message: expect.stringMatching(/go together/) });
    expect(parseArgs(["--tls-cert"])).toMatchObject({ kind: "error", message: expect.stringMatching(/needs a file path/) });
    expect(parseArgs(["--remote=yes", "--host", "h"])).toMatchObject({ kind: "error", message: "--remote takes no value." });
  });

  it("reads --session-ttl as a lifetime up to 30 days, for --remote only", () => {
    const run = (ttl: string) => parseArgs(["--remote", "--host", "0.0.0.0", "--session-ttl", ttl]);
    expect(run("12h")).toMatchObject({ kind: "run", config: { sessionTtlMs: 12 * 3_600_000 } });
    expect(run("30d")).toMatchObject({ kind: "run", config: { sessionTtlMs: 30 * 86_400_000 } });
    expect(run("90s")).toMatchObject({ kind: "run", config: { sessionTtlMs: 90_000 } });
    for (const bad of ["31d", "5s", "12", "1w", "-1h"])
      expect(run(bad), bad).toMatchObject({ kind: "error", message: expect.stringMatching(/--session-ttl needs a time/) });
    expect(parseArgs(["--session-ttl", "1h"])).toMatchObject({ kind: "error", message: expect.stringMatching(/--remote only/) });
  });

  it("strips brackets from an IPv6 host", () => {
    expect(parseArgs(["--host", "[::1]"])).toMatchObject({ kind: "run", config: { host: "::1" } });
  });

  it("answers help and version", () => {
    expect(parseArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseArgs(["--port", "1", "-h"])).toEqual({ kind: "help" });
    expect(parseArgs(["--version"])).toEqual({ kind: "version" });
  });

  it.each([
    [["--port"], /--port needs a number/],
    [["--port", "abc"], /got "abc"/],
    [["--port", "70000"], /0 to 65535/],
    [["--port", "-1"], /--port needs a number/],
    [["--port", "--no-open"], /got nothing/],
    [["--host"], /--host needs an address/],
    [["--host", ""], /--host needs an address/],
    [["--scan-interval", "5"], /100 to 3600000/],
    [["--scan-interval", "1.5"], /--scan-interval needs/],
    [["--nope"], /Unknown option "--nope"/],
    [["serve"], /Unknown option "serve"/],
    [["--no-open=yes"], /takes no value/],
  ])("rejects %j", (argv, message) => {
    const parsed = parseArgs(argv);
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toMatch(message);
  });
});

describe("isLoopbackHost", () => {
  it("knows loopback from the rest", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "::", "192.168.1.2", "example.com"]) expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("readVersion", () => {
  it("reads the server package version", () => {
    expect(readVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("machines flags", () => {
  it("collects --server and --peer (repeatable) and the file flags", () => {
    const parsed = parseArgs([
      "--server",
      "http://10.0.0.2:4096",
      "--server=http://10.0.0.3:4096",
      "--server-password-file",
      "pw.txt",
      "--peer",
      "http://b:7420/auth/abcdefghijklmnopqrstu",
      "--peer-ca",
      "ca.pem",
      "--machine-name",
      "laptop",
    ]);
    expect(parsed).toMatchObject({
      kind: "run",
      config: {
        servers: ["http://10.0.0.2:4096", "http://10.0.0.3:4096"],
        serverPasswordFile: "pw.txt",
        peers: ["http://b:7420/auth/abcdefghijklmnopqrstu"],
        peerCaPath: "ca.pem",
        machineName: "laptop",
      },
    });
  });

  it("takes --mdns with an optional interface address", () => {
    expect(parseArgs(["--mdns", "--mdns-interface", "10.0.0.1"])).toMatchObject({ kind: "run", config: { mdns: true, mdnsInterface: "10.0.0.1" } });
    expect(parseArgs(["--mdns-interface", "10.0.0.1"])).toMatchObject({ kind: "error" });
  });

  it("refuses a --server that is not a URL (a password there would show in ps)", () => {
    expect(parseArgs(["--server", "secret"])).toMatchObject({ kind: "error" });
    expect(parseArgs(["--peer"])).toMatchObject({ kind: "error" });
  });
});
