import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isSignedInResponse, login, register, startSession } from "@/entities/session";
import type { LoginRequest, RegisterRequest } from "@/shared/api";

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["sign-in"],
    mutationFn: (body: LoginRequest) => login(body),
    onSuccess: (auth) => startSession(queryClient, auth),
  });
}

export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["register"],
    mutationFn: (body: RegisterRequest) => register(body),
    onSuccess: (registered) => {
      if (isSignedInResponse(registered)) startSession(queryClient, registered);
    },
  });
}
