export { PasswordForm } from "./password-form.ui";
