export { SignInForm } from "./sign-in-form.ui";
export { RegisterForm } from "./register-form.ui";
export { OAuthButtons } from "./oauth-buttons.ui";
export { signInWithOAuthCode } from "./oauth-sign-in";
export { useSignIn, useRegister } from "./sign-in.mutation";
export { useSignOut } from "./sign-out.mutation";
export { useConfirmEmail, useForgotPassword, useResetPassword } from "./password.mutation";
