//! The server's limits for each field (lengths, patterns, counts), taken from the OpenAPI
//! document at build time: forms use these, never numbers of their own, so the two cannot drift.
import limits from "virtual:openapi-limits";
import { ApiError } from "./api-error";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type FieldLimits = {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  /** Limits of each element of an array field. */
  items?: FieldLimits;
};

/** The limits of `schema.field` in the spec (`{}` when it states none). */
export function fieldLimits<S extends keyof Schemas>(schema: S, field: keyof Schemas[S] & string): FieldLimits {
  return limits[schema]?.[field] ?? {};
}

/** `maxLength` / `minLength` as input attributes (absent limits are left out). */
export function lengthAttributes(limit: FieldLimits): { maxLength?: number; minLength?: number } {
  return {
    ...(limit.maxLength !== undefined ? { maxLength: limit.maxLength } : {}),
    ...(limit.minLength !== undefined ? { minLength: limit.minLength } : {}),
  };
}

function characters(count: number) {
  return count === 1 ? "1 character" : `${count.toLocaleString("en")} characters`;
}

/**
 * What is wrong with `value` against `limit`, in the app's words, or [] when nothing is.
 * Lengths count Unicode code points, as the server does.
 */
export function checkText(value: string, limit: FieldLimits, { required = false } = {}): string[] {
  const length = [...value].length;
  if (!value.trim()) {
    return required || (limit.minLength ?? 0) > 0 ? ["This field is required."] : [];
  }
  const problems: string[] = [];
  if (limit.maxLength !== undefined && length > limit.maxLength) {
    problems.push(`Use at most ${characters(limit.maxLength)} (now ${length.toLocaleString("en")}).`);
  }
  if (limit.minLength !== undefined && length < limit.minLength) {
    problems.push(`Use at least ${characters(limit.minLength)}.`);
  }
  if (limit.pattern !== undefined && !matches(limit.pattern, value)) {
    problems.push("This contains characters that are not allowed here.");
  }
  return problems;
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return true; // a pattern JavaScript cannot read is left to the server
  }
}

/** The form's own check as an error like the server's 422 (null when every field passed). */
export function invalidFields(fields: Record<string, string[]>): ApiError | null {
  const problems = Object.fromEntries(Object.entries(fields).filter(([, messages]) => messages.length));
  return Object.keys(problems).length ? new ApiError(422, "validation_failed", "Some fields need a look.", problems) : null;
}
