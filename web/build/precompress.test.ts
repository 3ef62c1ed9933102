import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { precompressDirectory } from "./precompress";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("precompressDirectory", () => {
  it("writes .br and .gz copies that decompress to the original, for text files only, in subfolders too", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "precompress-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "assets"));
    const script = `export const words = ${JSON.stringify("a fairly repetitive line of text ".repeat(200))};\n`;
    writeFileSync(path.join(dir, "assets", "index-abc.js"), script);
    writeFileSync(path.join(dir, "index.html"), `<!doctype html>${"<p>hello</p>".repeat(100)}`);
    writeFileSync(path.join(dir, "tiny.css"), "a{color:red}");
    writeFileSync(path.join(dir, "assets", "photo.png"), Buffer.alloc(4096, 7));

    const done = precompressDirectory(dir);

    const js = path.join(dir, "assets", "index-abc.js");
    expect(brotliDecompressSync(readFileSync(`${js}.br`)).toString()).toBe(script);
    expect(gunzipSync(readFileSync(`${js}.gz`)).toString()).toBe(script);
    expect(existsSync(path.join(dir, "index.html.br"))).toBe(true);
    // Too small to gain anything, or not a text format.
    expect(existsSync(path.join(dir, "tiny.css.br"))).toBe(false);
    expect(existsSync(path.join(dir, "assets", "photo.png.gz"))).toBe(false);
    const entry = done.find((item) => item.file === js)!;
    expect(entry.br).toBeLessThan(entry.gz!);
    expect(entry.gz).toBeLessThan(entry.raw);
  });
});
