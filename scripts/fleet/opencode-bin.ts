import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const NATIVE_MAGIC = [
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O 64
  [0xce, 0xfa, 0xed, 0xfe], // Mach-O 32
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O universal
  [0x4d, 0x5a], // PE (Windows)
];

/** True when the file starts with an executable-format magic number (not a `#!` script). */
export function isNativeExecutable(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return NATIVE_MAGIC.some((magic) => magic.every((byte, i) => head[i] === byte));
  } finally {
    closeSync(fd);
  }
}

function platformPackages(): string[] {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch;
  const base = `opencode-${platform}-${arch}`;
  return [base, `${base}-baseline`, `${base}-musl`, `${base}-baseline-musl`];
}

let cached: string | undefined;

/** The OpenCode 1.0.x release the legacy-protocol tests run (root optionalDependency alias). */
export const LEGACY_OPENCODE_VERSION = "1.0.61";

/** The OpenCode 1.14.x release that cannot open a data folder 1.18 has migrated (root optionalDependency alias). */
export const V1_14_OPENCODE_VERSION = "1.14.41";

/** Native binary of an aliased `opencode-linux-x64` release installed as a root optionalDependency; undefined where not installed. */
function aliasedBin(alias: string): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${alias}/package.json`);
    const bin = join(dirname(manifest), "bin", "opencode");
    return isNativeExecutable(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Native binary of OpenCode 1.0.61 (protocol "legacy": no /global/health, events on /event), from
 * the root optionalDependency `opencode-legacy-linux-x64` (an alias of opencode-linux-x64@1.0.61).
 * Undefined where it is not installed: other platforms skip it (os/cpu), so tests must skip too.
 */
export function legacyOpencodeBin(): string | undefined {
  return aliasedBin("opencode-legacy-linux-x64");
}

/**
 * Native binary of OpenCode 1.14.41, from the root optionalDependency `opencode-v1-14-linux-x64`
 * (an alias of opencode-linux-x64@1.14.41). Started in a fleet whose 1.18 servers have migrated the
 * shared data folder, its API answers DrizzleError 500s while /global/health is healthy (fleet.md).
 * Undefined where it is not installed (linux-x64 only).
 */
export function v114OpencodeBin(): string | undefined {
  return aliasedBin("opencode-v1-14-linux-x64");
}

/** Version of the installed opencode-ai package (e.g. "1.18.33"). */
export function opencodeVersion(): string {
  const manifestPath = createRequire(import.meta.url).resolve("opencode-ai/package.json");
  return (JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string }).version;
}

/**
 * Path of the native binary of the pinned `opencode-ai` devDependency. Never the
 * node_modules/.bin shim: that would leave a /bin/sh parent and hide the real pid.
 * `OPENCODE_BIN` overrides it (for trying another build by hand).
 */
export function opencodeBin(): string {
  if (cached) return cached;
  const override = process.env.OPENCODE_BIN;
  if (override) {
    if (!isNativeExecutable(override)) throw new Error(`OPENCODE_BIN=${override} is not a native executable`);
    return (cached = override);
  }
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("opencode-ai/package.json");
  const packageDir = dirname(manifestPath);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: string | Record<string, string> };
  const declared = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.opencode;
  const candidates: string[] = [];
  // postinstall copies the platform binary over the declared bin (bin/opencode.exe on 1.18.x);
  // older releases keep a JS wrapper there and a dotted copy (bin/.opencode) beside it.
  if (declared) candidates.push(join(packageDir, declared));
  candidates.push(join(packageDir, "bin", ".opencode"), join(packageDir, "bin", "opencode"));
  const fromPackage = createRequire(manifestPath);
  for (const name of platformPackages()) {
    try {
      const dir = dirname(fromPackage.resolve(`${name}/package.json`));
      candidates.push(join(dir, "bin", process.platform === "win32" ? "opencode.exe" : "opencode"));
    } catch {
      // that platform variant is not installed
    }
  }
  const found = candidates.find(isNativeExecutable);
  if (!found) throw new Error(`no native opencode binary found; looked at:\n  ${candidates.join("\n  ")}`);
  return (cached = found);
}

/** Version of the installed `@opencode/cli` package (OpenCode 2, e.g. "2.1.2"). */
export function opencode2Version(): string {
  const manifestPath = createRequire(import.meta.url).resolve("@opencode/cli/package.json");
  return (JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string }).version;
}

/**
 * Native binary of the pinned `@opencode/cli` (OpenCode 2): `bin/opencode.exe`, which its postinstall
 * links from the platform package (pnpm runs it only for packages in `onlyBuiltDependencies`).
 * `OPENCODE2_BIN` overrides it.
 */
export function opencode2Bin(): string {
  const override = process.env.OPENCODE2_BIN;
  const bin = override ?? join(dirname(createRequire(import.meta.url).resolve("@opencode/cli/package.json")), "bin", "opencode.exe");
  if (!isNativeExecutable(bin)) {
    throw new Error(
      `${bin} is not a native executable${override ? " (OPENCODE2_BIN)" : ": did @opencode/cli's postinstall run? (pnpm: onlyBuiltDependencies)"}`,
    );
  }
  return bin;
}
