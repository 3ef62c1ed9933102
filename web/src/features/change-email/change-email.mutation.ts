import { useMutation } from "@tanstack/react-query";
import { ApiError, api, messageForCode, toApiError, unwrap, type ChangeEmailRequest } from "@/shared/api";

const TAKEN = "Another account already uses this address.";
const WRONG_PASSWORD = "That is not your password.";
const SAME = "That is your address already.";
const NO_PASSWORD = "Changing your address asks for your password, and you have not set one yet.";

/**
 * The same error in the app's words: on `field` when given (the form's general message then
 * points there, as for any invalid field, rather than repeating it), else as the message.
 */
function reworded(found: ApiError, message: string, field?: string): ApiError {
  if (!field) return new ApiError(found.status, found.code, message, found.fields, found.serverMessage);
  const fields = { ...found.fields, [field]: [message] };
  return new ApiError(found.status, found.code, messageForCode("validation_failed", 422), fields, found.serverMessage);
}

/**
 * The change-email answers in this form's words, each on its field: `email_taken` (409) and
 * `same_email` (422) on the address (the general `email_taken` text speaks of signing in instead,
 * wrong here), `wrong_password` (422) on the password; `password_required` (422, an account made
 * through a provider) as the form's message. Others (validation on `email`, 429) pass as they are.
 */
export function changeEmailError(error: unknown): ApiError {
  const found = toApiError(error);
  switch (found.code) {
    case "email_taken":
      return reworded(found, TAKEN, "email");
    case "same_email":
      return reworded(found, SAME, "email");
    case "wrong_password":
      return reworded(found, WRONG_PASSWORD, "password");
    case "password_required":
      return reworded(found, NO_PASSWORD);
    default:
      return found;
  }
}

/** `POST /me/email`: mails a link to the new address (202); the address changes when it is opened. */
export const useChangeEmail = () =>
  useMutation({
    mutationKey: ["change-email"],
    mutationFn: async (body: ChangeEmailRequest) => {
      try {
        return await unwrap(api.POST("/api/v1/me/email", { body }));
      } catch (error) {
        throw changeEmailError(error);
      }
    },
  });
