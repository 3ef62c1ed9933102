import { useMutation } from "@tanstack/react-query";
import { logout } from "@/entities/session";
import { sessionTokens } from "@/shared/api";

/** Ends the session locally even when the server cannot be told (offline, token already gone). */
export function useSignOut() {
  return useMutation({
    mutationKey: ["sign-out"],
    mutationFn: async () => {
      const tokens = sessionTokens.get();
      try {
        if (tokens) await logout(tokens.refreshToken);
      } finally {
        sessionTokens.set(null);
      }
    },
  });
}
