//! The first page's API answers, embedded by the server in index.html so the home page and a post
//! page draw their content without a second round trip:
//! `<script id="tidings-initial-data" type="application/json">{"responses":{KEY: BODY}}</script>`.
//! KEY is the API path, plus `?` and its query parameters sorted by name when it has any
//! (`/api/v1/posts?limit=20&sort=latest`). The bodies are what an anonymous caller gets, so they
//! answer only while nobody is signed in; each is used once, by the first GET asking for it.
import type { Middleware } from "openapi-fetch";
import { sessionTokens } from "./session-tokens";

export const INITIAL_DATA_ID = "tidings-initial-data";

/** `undefined` until the script is read (on the first API request). */
let embedded: Map<string, unknown> | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The embedded answers by key. The script is data (`application/json`, never executed: the page's
 * Content-Security-Policy allows no inline script), parsed with JSON.parse; anything malformed
 * counts as nothing embedded. The element is removed once read.
 */
export function readInitialData(doc: Document | undefined = globalThis.document): Map<string, unknown> {
  const script = doc?.getElementById(INITIAL_DATA_ID);
  if (!script) return new Map();
  script.remove();
  if (script.getAttribute("type") !== "application/json") return new Map();
  try {
    const parsed: unknown = JSON.parse(script.textContent ?? "");
    if (!isRecord(parsed) || !isRecord(parsed.responses)) return new Map();
    return new Map(Object.entries(parsed.responses));
  } catch {
    return new Map();
  }
}

/** The key the server uses for `url`: path, then the query parameters sorted by name. */
export function initialDataKey(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.sort();
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/**
 * The embedded answer to `request`, once, or undefined. A signed-in viewer's answers differ
 * (liked, collected, followed), so as soon as anyone is signed in the whole map is dropped.
 */
export function takeInitialResponse(request: Request): Response | undefined {
  embedded ??= readInitialData();
  if (embedded.size === 0) return undefined;
  if (sessionTokens.get()) {
    embedded.clear();
    return undefined;
  }
  if (request.method !== "GET") return undefined;
  const url = new URL(request.url);
  if (typeof window !== "undefined" && url.origin !== window.location.origin) return undefined;
  const key = initialDataKey(url);
  if (!embedded.has(key)) return undefined;
  const body = embedded.get(key);
  embedded.delete(key);
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
}

/** openapi-fetch middleware: answers from the embedded data instead of the network when it can. */
export const initialDataMiddleware: Middleware = {
  onRequest: ({ request }) => takeInitialResponse(request),
};

/** For tests: forget what was read, so the next request reads the document again. */
export function resetInitialData() {
  embedded = undefined;
}
