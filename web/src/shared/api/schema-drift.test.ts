// @vitest-environment node
/// <reference types="node" />
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const web = process.cwd();
const committed = join(web, "src/shared/api/schema.d.ts");

describe("generated API types", () => {
  it("the committed schema.d.ts is what `npm run gen:api` makes of the committed openapi.json", () => {
    // The same command as the script, written to a scratch file instead of over the committed one.
    const script = (JSON.parse(readFileSync(join(web, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts[
      "gen:api"
    ]!;
    const [command, ...args] = script.split(/\s+/);
    const output = args.indexOf("-o");
    expect(command).toBe("openapi-typescript");
    expect(output).toBeGreaterThan(0);
    const scratch = mkdtempSync(join(tmpdir(), "tidings-schema-"));
    try {
      const fresh = join(scratch, "schema.d.ts");
      args[output + 1] = fresh;
      execFileSync(join(web, "node_modules/.bin/openapi-typescript"), args, { cwd: web, stdio: "pipe" });
      const same = readFileSync(fresh, "utf8") === readFileSync(committed, "utf8");
      expect(same, "src/shared/api/schema.d.ts is stale: run `npm run gen:api` in web/ and commit it").toBe(true);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});
