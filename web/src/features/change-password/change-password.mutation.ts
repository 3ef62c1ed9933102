import { useMutation } from "@tanstack/react-query";
import { api, unwrapEmpty, type ChangePasswordRequest } from "@/shared/api";

export const useChangePassword = () =>
  useMutation({
    mutationKey: ["change-password"],
    mutationFn: (body: ChangePasswordRequest) => unwrapEmpty(api.PUT("/api/v1/me/password", { body })),
  });
