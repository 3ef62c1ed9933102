//! A fake server for tests: `globalThis.fetch` answering from a route table.
import { vi } from "vitest";

export type Handler = (request: Request, params: Record<string, string>) => unknown | Response | Promise<unknown | Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function apiError(status: number, code: string, message = code, fields?: Record<string, string[]>): Response {
  return json({ error: { code, message, ...(fields ? { fields } : {}) } }, status);
}

/** Routes are "METHOD /path/{param}" (path after /api/v1). Returns the list of requests seen. */
export function mockApi(routes: Record<string, Handler>) {
  const seen: Request[] = [];
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(" ") as [string, string];
    const names: string[] = [];
    const regex = new RegExp(
      "^/api/v1" + pattern.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), "([^/]+)")) + "$",
    );
    return { method, regex, names, handler };
  });
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push(request.clone());
    const url = new URL(request.url);
    for (const route of table) {
      const match = route.method === request.method ? route.regex.exec(url.pathname) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
      const result = await route.handler(request, params);
      return result instanceof Response ? result : json(result);
    }
    return apiError(404, "not_found", `no mock for ${request.method} ${url.pathname}`);
  });
  vi.stubGlobal("fetch", fetchMock);
  return { seen, fetchMock };
}
