export { api, multipart, unwrap, unwrapEmpty } from "./client";
export { ApiError, parseApiError, toApiError, type FieldErrors } from "./api-error";
export { absoluteUrl, authFetch, refreshSession } from "./auth-fetch";
export { sessionTokens, type SessionTokens } from "./session-tokens";
export type * from "./dto";
export { fieldLimits, lengthAttributes, checkText, invalidFields, type FieldLimits } from "./limits";
export { messageForCode, banMessage } from "./error-messages";
