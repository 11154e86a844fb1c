/**
 * A Vite build plugin: after the bundle is written, puts a Brotli (`.br`) and a gzip (`.gz`) copy
 * beside every text file worth compressing, so the hub (`@fastify/static` with `preCompressed`)
 * sends the smaller one to a browser that accepts it, with no compression work per request.
 * Matters most in remote mode, where the page loads over a real network (the index script is
 * about 350 KB, 100 KB as Brotli).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/**
 * Files below this size are sent as they are (headers would eat the gain), except HTML:
 * `@fastify/static` with `preCompressed` answers 404 for a directory index ("/") that has no
 * compressed copy, so index.html always gets both.
 */
export const MIN_BYTES = 1024;
const TEXT = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/;

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Writes `.br` and `.gz` beside each compressible file of `dir`; returns the files compressed. */
export function precompressDir(dir: string): string[] {
  const done: string[] = [];
  for (const path of files(dir)) {
    if (!TEXT.test(path)) continue;
    const raw = readFileSync(path);
    if (raw.length < MIN_BYTES && !path.endsWith(".html")) continue;
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    const gz = gzipSync(raw, { level: 9 });
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    done.push(path);
  }
  return done;
}

/** The plugin: compresses the output folder once the build has written it. */
export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "switchboard-precompress",
    apply: "build",
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}
