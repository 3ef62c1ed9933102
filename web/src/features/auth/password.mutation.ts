import { useMutation } from "@tanstack/react-query";
import { confirmEmail, forgotPassword, resetPassword } from "@/entities/session";

export const useConfirmEmail = () =>
  useMutation({ mutationKey: ["confirm-email"], mutationFn: (token: string) => confirmEmail(token) });

export const useForgotPassword = () =>
  useMutation({ mutationKey: ["forgot-password"], mutationFn: (email: string) => forgotPassword(email) });

export const useResetPassword = () =>
  useMutation({
    mutationKey: ["reset-password"],
    mutationFn: ({ token, password }: { token: string; password: string }) => resetPassword(token, password),
  });
