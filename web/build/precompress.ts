//! Precompressed copies of the built files (`x.js.br`, `x.js.gz` next to `x.js`), so the server
//! answers `Accept-Encoding: br` or `gzip` with a file read from disk instead of compressing each
//! response, and at the highest levels (brotli 11, gzip 9), which are too slow to run per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest|map)$/;
/** Below this, the headers cost more than the bytes saved. */
const MIN_SIZE = 512;

export type Compressed = { file: string; raw: number; br?: number; gz?: number };

export function compressFile(file: string): Compressed {
  const source = readFileSync(file);
  const result: Compressed = { file, raw: source.length };
  if (source.length < MIN_SIZE) return result;
  const br = brotliCompressSync(source, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
    },
  });
  const gz = gzipSync(source, { level: constants.Z_BEST_COMPRESSION });
  // A copy that is not smaller is not written: the server then sends the file as it is.
  if (br.length < source.length) {
    writeFileSync(`${file}.br`, br);
    result.br = br.length;
  }
  if (gz.length < source.length) {
    writeFileSync(`${file}.gz`, gz);
    result.gz = gz.length;
  }
  return result;
}

/** Writes `.br` and `.gz` next to every compressible file under `dir` (recursively). */
export function precompressDirectory(dir: string): Compressed[] {
  const done: Compressed[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) done.push(...precompressDirectory(file));
    else if (COMPRESSIBLE.test(name)) done.push(compressFile(file));
  }
  return done;
}

/** Runs `precompressDirectory` over the output folder once `vite build` has written it. */
export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "tidings-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const done = precompressDirectory(outDir);
      const total = (key: "raw" | "br" | "gz") => done.reduce((sum, entry) => sum + (entry[key] ?? entry.raw), 0);
      this.info(`precompressed ${done.length} files: ${total("raw")} B raw, ${total("gz")} B gzip, ${total("br")} B brotli`);
    },
  };
}
