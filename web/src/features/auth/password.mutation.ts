import { useMutation } from "@tanstack/react-query";
import { confirmEmail, confirmEmailChange, forgotPassword, resendConfirmation, resetPassword } from "@/entities/session";

export const useConfirmEmail = () =>
  useMutation({ mutationKey: ["confirm-email"], mutationFn: (token: string) => confirmEmail(token) });

/** Opens the link mailed to a new address (`POST /auth/email/confirm`), signed in or not. */
export const useConfirmEmailChange = () =>
  useMutation({ mutationKey: ["confirm-email-change"], mutationFn: (token: string) => confirmEmailChange(token) });

export const useForgotPassword = () =>
  useMutation({ mutationKey: ["forgot-password"], mutationFn: (email: string) => forgotPassword(email) });

export const useResetPassword = () =>
  useMutation({
    mutationKey: ["reset-password"],
    mutationFn: ({ token, password }: { token: string; password: string }) => resetPassword(token, password),
  });

/** A new confirmation mail: for the signed-in account (no email) or for `email` when signed out. */
export const useResendConfirmation = () =>
  useMutation({ mutationKey: ["resend-confirmation"], mutationFn: (email?: string) => resendConfirmation(email) });
