//! The one error shape the server sends, `{"error":{"code","message","fields"}}`, as a JS error
//! whose `message` and field messages are the app's own words (see error-messages.ts).
import { banMessage, fieldMessage, messageForCode, statusMessage } from "./error-messages";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** What the server itself said (for logs and tests; never shown as is). */
  readonly serverMessage: string;
  /**
   * Data the error carries in `fields` that are not about form fields: a ban's `until` and
   * `reason`, a removal's `reason` (as written, not reworded).
   */
  readonly details: FieldErrors;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldErrors = {},
    serverMessage = message,
    details: FieldErrors = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.serverMessage = serverMessage;
    this.details = details;
  }

  /** The messages for one form field, if the server named it. */
  field(name: string): string[] {
    return this.fields[name] ?? [];
  }

  /** The first value of one of `details` (a removal's reason), if sent. */
  detail(name: string): string | undefined {
    return this.details[name]?.[0];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseFields(value: unknown, code: string, serverMessage: string): FieldErrors {
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [name, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      const texts = messages.filter((m): m is string => typeof m === "string");
      if (texts.length) fields[name] = [...new Set(texts.map((text) => ownWords(text, code, serverMessage)))];
    } else if (typeof messages === "string") {
      fields[name] = [ownWords(messages, code, serverMessage)];
    }
  }
  return fields;
}

/**
 * Codes whose `fields` are data, not messages about form fields: `banned` (`until`, `reason`) and
 * `removed` (`reason`), a moderator's words shown as they wrote them. They become `details`.
 */
const DATA_FIELD_CODES = new Set(["banned", "removed"]);

function dataFields(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [name, values] of Object.entries(value)) {
    const texts = (Array.isArray(values) ? values : [values]).filter((v): v is string => typeof v === "string");
    if (texts.length) fields[name] = texts;
  }
  return fields;
}

/** A conflict names its field with the same message as the whole error: then the code decides. */
function ownWords(text: string, code: string, serverMessage: string): string {
  return fieldMessage(text, text === serverMessage ? code : undefined);
}

/**
 * Turns any error response into an ApiError. `body` is the parsed JSON, or the raw text when it
 * was not JSON (a proxy's HTML page, an empty body).
 */
export function parseApiError(status: number, body: unknown): ApiError {
  const fallback = statusMessage(status);
  const fallbackCode = status === 404 ? "not_found" : status >= 500 ? "internal_error" : "http_error";
  if (isRecord(body) && isRecord(body.error)) {
    const { code: rawCode, message, fields } = body.error;
    const code = typeof rawCode === "string" && rawCode ? rawCode : fallbackCode;
    const serverMessage = typeof message === "string" ? message : "";
    const data = DATA_FIELD_CODES.has(code);
    const details = data ? dataFields(fields) : {};
    // A 5xx never shows the server's words (they are generic there anyway).
    const shown =
      status >= 500 && code === "internal_error"
        ? fallback
        : code === "banned"
          ? banMessage({ until: details.until?.[0] ?? null, reason: details.reason?.[0] ?? "" })
          : messageForCode(code, status, serverMessage);
    const formFields = data ? {} : parseFields(fields, code, serverMessage);
    return new ApiError(status, code, shown, formFields, serverMessage || fallback, details);
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
