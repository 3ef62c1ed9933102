//! The typed API client (openapi-fetch over the generated `paths`) and helpers that turn its
//! `{data, error}` results into values or thrown ApiErrors for TanStack Query.
import createClient from "openapi-fetch";
import { API_PREFIX } from "@/shared/config";
import { ApiError, parseApiError, toApiError } from "./api-error";
import { absoluteUrl, authFetch } from "./auth-fetch";
import type { paths } from "./schema";

export const api = createClient<paths>({
  baseUrl: absoluteUrl("/").replace(/\/$/, ""),
  fetch: authFetch,
});

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data or throws an ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw toApiError(error);
  }
  if (!result.response.ok) throw parseApiError(result.response.status, result.error);
  return result.data as T;
}

/** For calls whose success has no body (204). */
export async function unwrapEmpty(call: Promise<FetchResult<unknown>>): Promise<void> {
  await unwrap(call);
}

/**
 * A request to an endpoint that is not in openapi.json yet (password reset, avatar upload, …).
 * It goes through the same auth and error handling; once the endpoint is in the spec, switch its
 * caller to `api` so the compiler checks it.
 */
export async function requestUntyped<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  options: {
    query?: Record<string, string | number | undefined | null>;
    json?: unknown;
    body?: BodyInit;
    signal?: AbortSignal;
  } = {},
): Promise<T> {
  const url = new URL(absoluteUrl(`${API_PREFIX}${path}`));
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  }
  const headers = new Headers({ Accept: "application/json" });
  let body = options.body;
  if (options.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await authFetch(new Request(url, { method, headers, body, signal: options.signal }));
  } catch (error) {
    throw toApiError(error);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) throw parseApiError(response.status, parsed);
  // A proxy or a static-file fallback can answer an unknown API path with an HTML page.
  if (typeof parsed === "string") throw parseApiError(404, undefined);
  return parsed as T;
}

export { ApiError };
