/** Pure: the URL of an OpenCode server added by hand, checked and normalized, and its instance id. */
import { createHash } from "node:crypto";

/** A checked server URL: the origin the hub talks to, and host/port for the prober. */
export interface ServerUrl {
  origin: string;
  host: string;
  port: number;
}

/** Parses what the user typed; an error in words when it is not `http://host:port`. */
export function parseServerUrl(raw: string): { ok: true; value: ServerUrl } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: `${JSON.stringify(raw)} is not a URL; type it like http://192.168.1.5:4096.` };
  }
  // OpenCode serves plain HTTP only; a TLS-terminating proxy in front of it is a later feature.
  if (url.protocol !== "http:") return { ok: false, message: "OpenCode serves plain http://: type the URL like http://192.168.1.5:4096." };
  if (url.username || url.password) return { ok: false, message: "Put the password in the Password field, not in the URL." };
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    return { ok: false, message: "Give the server's address only (http://host:port), without a path." };
  }
  const port = url.port === "" ? 80 : Number(url.port);
  return { ok: true, value: { origin: url.origin, host: url.hostname, port } };
}

/** A stable id per server URL; never collides with scanned ids (12 base64url characters) because of the prefix. */
export function urlServerId(origin: string): string {
  return `url-${createHash("sha256").update(origin).digest("base64url").slice(0, 12)}`;
}
