import { readFileSync } from "node:fs";

/** Settings of one hub run, from the command line. */
export interface HubConfig {
  port: number;
  host: string;
  open: boolean;
  scanIntervalMs: number;
  /** Remote mode (--remote): sign-in link + cookie for every request, OpenCode reached through the relay. */
  remote: boolean;
  /** HTTPS (--tls-cert, --tls-key): paths of the PEM files; null for plain HTTP. */
  tls: { certPath: string; keyPath: string } | null;
  /** Remote sessions' lifetime (--session-ttl); absent = the longest, 30 days. */
  sessionTtlMs?: number;
  /** --stop-managed-on-exit: stop the OpenCode servers the hub started when it exits (default: they keep running). */
  stopManagedOnExit?: boolean;
  /** OpenCode servers to add by URL at start (--server, repeatable); remembered in servers.json. */
  servers: string[];
  /** File whose first line is the password for --server (--server-password-file); else SWITCHBOARD_SERVER_PASSWORD. */
  serverPasswordFile: string | null;
  /** Other Switchboards' one-time sign-in links to add at start (--peer, repeatable); remembered in peers.json. */
  peers: string[];
  /** A private CA (PEM) the peers' TLS certificates chain to (--peer-ca). */
  peerCaPath: string | null;
  /** The name other machines show for this one (--machine-name); absent = the host name. */
  machineName?: string;
  /** LAN discovery (--mdns): OpenCode servers announced over DNS-SD, verified before listing. */
  mdns: boolean;
  /** Keep DNS-SD on the interface with this address (--mdns-interface). */
  mdnsInterface: string | null;
}

/** What the command line asks for: run the hub, print help or version, or a usage error (exit 2). */
export type ParsedArgs = { kind: "run"; config: HubConfig } | { kind: "help" } | { kind: "version" } | { kind: "error"; message: string };

export const DEFAULT_PORT = 7420;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_SCAN_INTERVAL_MS = 1000;

/** Shown by --help. */
export const HELP_TEXT = `Usage: switchboard [options]   (from the repo: npm start -- [options])

One web page for every OpenCode server running on this machine.

Options:
  --port N             Port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --host H             Address to bind (default ${DEFAULT_HOST}; anything but loopback
                       exposes agents that can run commands)
  --no-open            Do not open the browser
  --scan-interval MS   How often to look for OpenCode servers (default ${DEFAULT_SCAN_INTERVAL_MS}, min 100)
  --remote             Let other devices use it: needs --host; prints a one-time sign-in
                       link, every request needs the cookie it sets, OpenCode is reached
                       through the hub's relay (dev-docs/hub.md "Remote access")
  --session-ttl T      How long a remote device stays signed in: 30s, 45m, 12h or 7d
                       (default and most 30d); it must open a new link after that.
                       A peer hub's credential expires when unused that long
  --stop-managed-on-exit
                       Stop the OpenCode servers started from the page ("New session in…")
                       when the hub exits (by default they keep running)
  --tls-cert FILE      Serve HTTPS with this certificate (PEM; with --tls-key)
  --tls-key FILE       The certificate's private key (PEM)
  --server URL         Add an OpenCode server on another host (http://host:port; repeatable;
                       remembered). Its password: SWITCHBOARD_SERVER_PASSWORD or
                       --server-password-file, never on the command line
  --server-password-file FILE  First line of FILE is the --server password
  --peer LINK          Add another machine's Switchboard (started there with --remote) by
                       its one-time sign-in link (repeatable; remembered)
  --peer-ca FILE       Trust this CA (PEM) for peers served with --tls-cert
  --machine-name NAME  The name other machines show for this one (default: host name)
  --mdns               Find OpenCode servers announced on the LAN (opencode --mdns); each is
                       verified before it is listed. With --remote, announce this hub too
  --mdns-interface ADDR  Keep LAN discovery on the interface with this address
  --help               Show this help
  --version            Show the version
`;

/** Parses argv (without node and script) into a config. Pure: no I/O, never throws. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const config: HubConfig = {
    port: DEFAULT_PORT,
    host: DEFAULT_HOST,
    open: true,
    scanIntervalMs: DEFAULT_SCAN_INTERVAL_MS,
    remote: false,
    tls: null,
    servers: [],
    serverPasswordFile: null,
    peers: [],
    peerCaPath: null,
    mdns: false,
    mdnsInterface: null,
  };
  let hostGiven = false;
  let certPath: string | undefined;
  let keyPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    // Accept both `--port 8080` and `--port=8080`.
    const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
    const flag = eq === -1 ? raw : raw.slice(0, eq);
    const inline = eq === -1 ? undefined : raw.slice(eq + 1);
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) return undefined;
      i++;
      return next;
    };
    const noValue = (): ParsedArgs | undefined => (inline === undefined ? undefined : { kind: "error", message: `${flag} takes no value.` });

    switch (flag) {
      case "--help":
      case "-h":
        return noValue() ?? { kind: "help" };
      case "--version":
      case "-v":
        return noValue() ?? { kind: "version" };
      case "--no-open": {
        const err = noValue();
        if (err) return err;
        config.open = false;
        break;
      }
      case "--stop-managed-on-exit": {
        const err = noValue();
        if (err) return err;
        config.stopManagedOnExit = true;
        break;
      }
      case "--port": {
        const value = takeValue();
        const port = parseInteger(value);
        if (port === undefined || port < 0 || port > 65535) {
          return { kind: "error", message: `--port needs a number from 0 to 65535 (0 = any free port), got ${show(value)}.` };
        }
        config.port = port;
        break;
      }
      case "--host": {
        const value = takeValue();
        if (value === undefined || value.trim() === "" || /[\s/]/.test(value)) {
          return { kind: "error", message: `--host needs an address such as 127.0.0.1, got ${show(value)}.` };
        }
        config.host = stripBrackets(value);
        hostGiven = true;
        break;
      }
      case "--remote": {
        const err = noValue();
        if (err) return err;
        config.remote = true;
        break;
      }
      case "--tls-cert":
      case "--tls-key": {
        const value = takeValue();
        if (value === undefined || value.trim() === "") return { kind: "error", message: `${flag} needs a file path (PEM), got ${show(value)}.` };
        if (flag === "--tls-cert") certPath = value;
        else keyPath = value;
        break;
      }
      case "--session-ttl": {
        const value = takeValue();
        const ms = parseDuration(value);
        if (ms === undefined || ms < MIN_SESSION_TTL_MS || ms > MAX_SESSION_TTL_MS) {
          return { kind: "error", message: `--session-ttl needs a time from 10s to 30d, such as 12h or 7d, got ${show(value)}.` };
        }
        config.sessionTtlMs = ms;
        break;
      }
      case "--server":
      case "--peer": {
        const value = takeValue();
        if (value === undefined || !/^https?:\/\//.test(value)) {
          return {
            kind: "error",
            message: `${flag} needs ${flag === "--server" ? "a URL such as http://192.168.1.5:4096" : "the other Switchboard's sign-in link (http://host:port/auth/…)"}, got ${show(value)}.`,
          };
        }
        (flag === "--server" ? config.servers : config.peers).push(value);
        break;
      }
      case "--server-password-file":
      case "--peer-ca": {
        const value = takeValue();
        if (value === undefined || value.trim() === "") return { kind: "error", message: `${flag} needs a file path, got ${show(value)}.` };
        if (flag === "--peer-ca") config.peerCaPath = value;
        else config.serverPasswordFile = value;
        break;
      }
      case "--mdns": {
        const err = noValue();
        if (err) return err;
        config.mdns = true;
        break;
      }
      case "--mdns-interface": {
        const value = takeValue();
        if (value === undefined || !/^[0-9.]+$/.test(value))
          return { kind: "error", message: `--mdns-interface needs an IPv4 address of this machine, got ${show(value)}.` };
        config.mdnsInterface = value;
        break;
      }
      case "--machine-name": {
        const value = takeValue();
        if (value === undefined || value.trim() === "" || value.length > 64)
          return { kind: "error", message: `--machine-name needs a short name, got ${show(value)}.` };
        config.machineName = value.trim();
        break;
      }
      case "--scan-interval": {
        const value = takeValue();
        const ms = parseInteger(value);
        if (ms === undefined || ms < 100 || ms > 3_600_000) {
          return { kind: "error", message: `--scan-interval needs milliseconds from 100 to 3600000, got ${show(value)}.` };
        }
        config.scanIntervalMs = ms;
        break;
      }
      default:
        return { kind: "error", message: `Unknown option ${show(raw)}. Run with --help to see the options.` };
    }
  }
  if ((certPath === undefined) !== (keyPath === undefined)) {
    return { kind: "error", message: "--tls-cert and --tls-key go together: give both PEM files, or neither." };
  }
  if (certPath !== undefined && keyPath !== undefined) config.tls = { certPath, keyPath };
  if (config.sessionTtlMs !== undefined && !config.remote) {
    return { kind: "error", message: "--session-ttl applies to --remote only (on loopback there is no sign-in)." };
  }
  if (config.mdnsInterface !== null && !config.mdns) return { kind: "error", message: "--mdns-interface goes with --mdns." };
  if (config.remote && !hostGiven) {
    return {
      kind: "error",
      message: "--remote needs --host: the address other devices reach, e.g. --host 192.168.1.5 (or 0.0.0.0 for every interface).",
    };
  }
  return { kind: "run", config };
}

const MIN_SESSION_TTL_MS = 10_000;
const MAX_SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s", "45m", "12h", "7d" in milliseconds; undefined when it is not such a time. */
export function parseDuration(value: string | undefined): number | undefined {
  const match = /^(\d{1,6})([smhd])$/.exec(value?.trim() ?? "");
  if (!match) return undefined;
  return Number(match[1]) * (DURATION_UNITS[match[2] as string] as number);
}

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host).toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The hub's version, from packages/server/package.json (one level above src/ and dist/). */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

function show(value: string | undefined): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
