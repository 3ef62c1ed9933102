//! The typed API client (openapi-fetch over the generated `paths`) and helpers that turn its
//! `{data, error}` results into values or thrown ApiErrors for TanStack Query.
import createClient from "openapi-fetch";
import { ApiError, parseApiError, toApiError } from "./api-error";
import { absoluteUrl, authFetch } from "./auth-fetch";
import { initialDataMiddleware } from "./initial-data";
import type { paths } from "./schema";

export const api = createClient<paths>({
  baseUrl: absoluteUrl("/").replace(/\/$/, ""),
  fetch: authFetch,
});
// The first page's answers embedded in index.html (anonymous visitors only): see initial-data.ts.
api.use(initialDataMiddleware);

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
 * A `multipart/form-data` body for a typed call, checked against the spec's field names:
 * `api.PUT(path, { body: multipart<Body>({ avatar: file }), bodySerializer: (form) => form })`.
 * openapi-typescript types a `format: binary` part as `string`, so the FormData stands in for the
 * typed body; the serializer hands it to fetch as is, which sets the boundary.
 */
export function multipart<T extends Record<string, string>>(parts: { [K in keyof T]: Blob }): T {
  const form = new FormData();
  for (const [name, part] of Object.entries<Blob>(parts)) {
    if (part instanceof File) form.append(name, part, part.name);
    else form.append(name, part);
  }
  return form as unknown as T;
}

export { ApiError };
