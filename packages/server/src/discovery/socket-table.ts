/** Pure parsers of the OS socket tables: Linux /proc/net/tcp{,6} and macOS `lsof -F` output. */

/** A listening TCP socket. */
export interface ListeningSocket {
  /** Local address as text: "127.0.0.1", "0.0.0.0", "::1", "::", or a v4-mapped address as plain IPv4. */
  address: string;
  port: number;
  /** Socket inode (Linux only; 0 when unknown). */
  inode: number;
}

/** An established TCP connection of this machine (Linux only): who holds it (inode) and where it goes. */
export interface ConnectedSocket {
  inode: number;
  remoteAddress: string;
  remotePort: number;
}

const LISTEN = "0A";
const ESTABLISHED = "01";

interface ProcNetRow {
  state: string;
  local: { address: string; port: number };
  remote: { address: string; port: number };
  inode: number;
}

/** The rows of /proc/net/tcp or /proc/net/tcp6 text (the header and malformed lines skipped). */
function procNetRows(text: string): ProcNetRow[] {
  const out: ProcNetRow[] = [];
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] ?? "").trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
    if (fields.length < 10) continue;
    const local = decodeEndpoint(fields[1] ?? "");
    const remote = decodeEndpoint(fields[2] ?? "");
    const inode = Number(fields[9]);
    if (local === null || remote === null || !Number.isFinite(inode)) continue;
    out.push({ state: fields[3] ?? "", local, remote, inode });
  }
  return out;
}

/** `0100007F:1F90` → address and port. */
function decodeEndpoint(text: string): { address: string; port: number } | null {
  const colon = text.indexOf(":");
  if (colon === -1) return null;
  const address = decodeProcAddress(text.slice(0, colon));
  const port = Number.parseInt(text.slice(colon + 1), 16);
  return address === null || !Number.isFinite(port) ? null : { address, port };
}

/** Parses /proc/net/tcp or /proc/net/tcp6 text into its LISTEN sockets. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
  return procNetRows(text)
    .filter((r) => r.state === LISTEN)
    .map((r) => ({ address: r.local.address, port: r.local.port, inode: r.inode }));
}

/** Parses /proc/net/tcp or /proc/net/tcp6 text into its ESTABLISHED connections. */
export function parseProcNetConnections(text: string): ConnectedSocket[] {
  return procNetRows(text)
    .filter((r) => r.state === ESTABLISHED)
    .map((r) => ({ inode: r.inode, remoteAddress: r.remote.address, remotePort: r.remote.port }));
}

/** True for loopback addresses (127.0.0.0/8, ::1), the only ones a local OpenCode client connects through here. */
export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1";
}

/** Decodes a /proc/net hex address: each 32-bit word is in host (little-endian) byte order. */
export function decodeProcAddress(hex: string): string | null {
  if (hex.length === 8) return wordBytes(hex).join(".");
  if (hex.length !== 32) return null;
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) bytes.push(...wordBytes(hex.slice(w * 8, w * 8 + 8)));
  // ::ffff:a.b.c.d (v4-mapped): report the IPv4 address so loopback checks work.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join(".");
  const groups: string[] = [];
  for (let g = 0; g < 8; g++) groups.push((((bytes[g * 2] ?? 0) << 8) | (bytes[g * 2 + 1] ?? 0)).toString(16));
  return compressIpv6(groups);
}

function wordBytes(word: string): number[] {
  const bytes: number[] = [];
  for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(word.slice(i, i + 2), 16));
  return bytes;
}

/** RFC 5952 text form: longest run (≥ 2) of zero groups becomes "::". */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  if (bestLen < 2) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLen).join(":")}`;
}

/** Extracts the inode of a `/proc/PID/fd/N` link target (`socket:[12345]`), else null. */
export function socketInodeOf(linkTarget: string): number | null {
  const m = /^socket:\[(\d+)\]$/.exec(linkTarget);
  return m ? Number(m[1]) : null;
}

/** Parses `lsof -F pn` output (for `-iTCP -sTCP:LISTEN`) into listening sockets per pid. */
export function parseLsofListen(text: string): Map<number, ListeningSocket[]> {
  const out = new Map<number, ListeningSocket[]>();
  let pid = -1;
  for (const line of text.split("\n")) {
    const tag = line[0];
    const value = line.slice(1);
    if (tag === "p") {
      pid = Number(value);
      if (!out.has(pid)) out.set(pid, []);
    } else if (tag === "n" && pid > 0) {
      const sock = parseLsofName(value);
      if (sock) out.get(pid)?.push(sock);
    }
  }
  return out;
}

/** `127.0.0.1:4096`, `*:4096`, `[::1]:4096`, `[::]:4096` → address + port. */
function parseLsofName(name: string): ListeningSocket | null {
  const colon = name.lastIndexOf(":");
  if (colon === -1) return null;
  const port = Number(name.slice(colon + 1));
  let host = name.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host === "*") host = "0.0.0.0";
  if (host.startsWith("::ffff:") && host.includes(".")) host = host.slice(7);
  if (!Number.isInteger(port)) return null;
  return { address: host, port, inode: 0 };
}

/** Parses `lsof -a -d cwd -F pn` output into pid → cwd. */
export function parseLsofCwd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  let pid = -1;
  for (const line of text.split("\n")) {
    if (line.startsWith("p")) pid = Number(line.slice(1));
    else if (line.startsWith("n") && pid > 0) out.set(pid, line.slice(1));
  }
  return out;
}

/** Where to connect for a socket: wildcard and loopback v4 → 127.0.0.1; ::1 only → [::1]. */
export function connectHost(sockets: readonly ListeningSocket[]): string {
  const addrs = sockets.map((s) => s.address);
  if (addrs.some((a) => a === "0.0.0.0" || a === "::" || a === "127.0.0.1")) return "127.0.0.1";
  const loop4 = addrs.find((a) => a.startsWith("127."));
  if (loop4 !== undefined) return loop4;
  if (addrs.includes("::1")) return "[::1]";
  const v4 = addrs.find((a) => a.includes("."));
  return v4 ?? (addrs[0] !== undefined ? `[${addrs[0]}]` : "127.0.0.1");
}
