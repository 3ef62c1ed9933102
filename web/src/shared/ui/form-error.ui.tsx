import type { ReactNode } from "react";
import { toApiError } from "@/shared/api";
import { Alert } from "./alert.ui";

/**
 * The general message of a failed form submission. Field messages are shown beside their inputs;
 * the ones for fields the form does not have are listed here so nothing is lost.
 */
export function FormError({
  error,
  shownFields = [],
  children,
}: {
  error: unknown;
  shownFields?: string[];
  /** More to say under the message (a link to act on it). */
  children?: ReactNode;
}) {
  if (!error) return null;
  const apiError = toApiError(error);
  const others = Object.entries(apiError.fields).filter(([name]) => !shownFields.includes(name));
  return (
    <Alert tone="error" focusTarget>
      <p>{apiError.message}</p>
      {others.length ? (
        <ul>
          {others.map(([name, messages]) => (
            <li key={name}>
              {name}: {messages.join(" ")}
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </Alert>
  );
}

/** Field messages of a failed submission, for `<TextField errors=…>`. */
export function fieldErrors(error: unknown, name: string): string[] | undefined {
  if (!error) return undefined;
  const messages = toApiError(error).field(name);
  return messages.length ? messages : undefined;
}
