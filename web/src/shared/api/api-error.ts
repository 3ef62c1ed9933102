//! The one error shape the server sends, `{"error":{"code","message","fields"}}`, as a JS error.

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The messages for one form field, if the server named it. */
  field(name: string): string[] {
    return this.fields[name] ?? [];
  }
}

const GENERIC_BY_STATUS: Record<number, string> = {
  400: "The request was not understood.",
  401: "Please sign in again.",
  403: "You are not allowed to do that.",
  404: "Not found.",
  409: "That conflicts with something that already exists.",
  413: "That is too large.",
  422: "Some fields are invalid.",
  429: "Too many requests; try again in a moment.",
  500: "Something went wrong on the server.",
  502: "The server is not reachable right now.",
  503: "The service is unavailable right now.",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseFields(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [name, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      const texts = messages.filter((m): m is string => typeof m === "string");
      if (texts.length) fields[name] = texts;
    } else if (typeof messages === "string") {
      fields[name] = [messages];
    }
  }
  return fields;
}

/**
 * Turns any error response into an ApiError. `body` is the parsed JSON, or the raw text when it
 * was not JSON (a proxy's HTML page, an empty body).
 */
export function parseApiError(status: number, body: unknown): ApiError {
  const fallback = GENERIC_BY_STATUS[status] ?? `Request failed (HTTP ${status}).`;
  const fallbackCode = status === 404 ? "not_found" : status >= 500 ? "internal_error" : "http_error";
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message, fields } = body.error;
    return new ApiError(
      status,
      typeof code === "string" && code ? code : fallbackCode,
      typeof message === "string" && message ? message : fallback,
      parseFields(fields),
    );
  }
  return new ApiError(status, fallbackCode, fallback);
}

/** Normalises anything thrown while talking to the API (including a failed `fetch`). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === "AbortError") {
    return new ApiError(0, "aborted", "The request was cancelled.");
  }
  // fetch() rejects with a TypeError when the network fails; other errors carry their own message.
  if (error instanceof Error && !(error instanceof TypeError) && error.message) {
    return new ApiError(0, "client_error", error.message);
  }
  return new ApiError(0, "network_error", "Could not reach the server. Check your connection and retry.");
}
