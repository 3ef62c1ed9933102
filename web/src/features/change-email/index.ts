export { ChangeEmailForm } from "./change-email-form.ui";
export { changeEmailError, useChangeEmail } from "./change-email.mutation";
