import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vitest/config";
import { inlineStylesAndPolicy } from "./build/inline-policy";
import { precompress } from "./build/precompress";

const OPENAPI_FILE = fileURLToPath(new URL("../openapi/openapi.json", import.meta.url));
const LIMITS_MODULE = "virtual:openapi-limits";
const LIMIT_KEYS = ["minLength", "maxLength", "pattern", "minItems", "maxItems", "minimum", "maximum"] as const;

type Limits = Partial<Record<(typeof LIMIT_KEYS)[number], number | string>> & { items?: Limits };

function limitsOf(schema: Record<string, unknown>): Limits | undefined {
  const found: Limits = {};
  for (const key of LIMIT_KEYS) if (schema[key] !== undefined) found[key] = schema[key] as number | string;
  const items = schema.items && typeof schema.items === "object" ? limitsOf(schema.items as Record<string, unknown>) : undefined;
  if (items) found.items = items;
  return Object.keys(found).length ? found : undefined;
}

/**
 * `virtual:openapi-limits`: the length, pattern and count limits of every request and response
 * field in the committed OpenAPI document, read at build time, so the forms check what the server
 * checks without repeating its numbers (and without shipping the whole 140 KB document).
 */
function openapiLimits(): Plugin {
  const resolved = "\0" + LIMITS_MODULE;
  return {
    name: "tidings-openapi-limits",
    resolveId: (id) => (id === LIMITS_MODULE ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined;
      this.addWatchFile(OPENAPI_FILE);
      const document = JSON.parse(readFileSync(OPENAPI_FILE, "utf8")) as {
        components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
      };
      const limits: Record<string, Record<string, Limits>> = {};
      for (const [name, schema] of Object.entries(document.components.schemas)) {
        for (const [field, property] of Object.entries(schema.properties ?? {})) {
          const found = limitsOf(property);
          if (found) (limits[name] ??= {})[field] = found;
        }
      }
      return `export default ${JSON.stringify(limits)};`;
    },
  };
}

export default defineConfig({
  plugins: [react(), inlineStylesAndPolicy(), openapiLimits(), precompress()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    // Tests read the committed spec (../openapi) to check the forms against it.
    fs: { allow: [".", "../openapi"] },
    proxy: {
      "/api": { target: process.env.TIDINGS_API ?? "http://127.0.0.1:8080", changeOrigin: false },
      // Uploaded avatars are served by the API server too.
      "/media": { target: process.env.TIDINGS_API ?? "http://127.0.0.1:8080", changeOrigin: false },
    },
  },
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    // `.vite/manifest.json`: which chunk each page module is, for a server that preloads the
    // requested route's chunk.
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // The libraries every page uses change less often than the app: their own chunk
            // stays cached across releases.
            {
              name: "vendor",
              test: /[\\/]node_modules[\\/](?:react|react-dom|scheduler|react-router|@tanstack|openapi-fetch|cookie|set-cookie-parser)[\\/]/,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "build/**/*.test.ts"],
    restoreMocks: true,
    // web.sh runs on machines that may be compiling the server on the same cores: a test that
    // takes 1 s idle (the avatar form builds a 3 MB file) passed 5 s there. Time limits are for
    // hangs, not speed.
    testTimeout: 20_000,
  },
});
