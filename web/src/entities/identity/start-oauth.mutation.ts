import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError } from "@/shared/api";
import { isWebAddress, leaveSite } from "@/shared/lib";
import { startOAuth } from "./identity.api";

export type StartOAuthVariables = { provider: string; returnTo: string };

/**
 * Asks the server where to send the browser, then leaves for the provider. Signed out it is a
 * sign-in, signed in it links the provider (the bearer token decides, see `startOAuth`).
 * The mutation stays "busy" after success, while the browser is on its way out; if the person
 * comes back with the Back button (a page restored from the back-forward cache) it is reset.
 */
export function useStartOAuth() {
  const mutation = useMutation({
    mutationKey: ["start-oauth"],
    mutationFn: async ({ provider, returnTo }: StartOAuthVariables) => {
      const url = await startOAuth(provider, returnTo);
      if (!isWebAddress(url)) throw new ApiError(0, "client_error", "The server sent an invalid sign-in address.");
      leaveSite.assign(url);
    },
  });
  const { reset } = mutation;
  useEffect(() => {
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted) reset();
    };
    window.addEventListener("pageshow", restored);
    return () => window.removeEventListener("pageshow", restored);
  }, [reset]);
  const busyProvider = mutation.isPending || mutation.isSuccess ? mutation.variables?.provider : undefined;
  return { ...mutation, busyProvider };
}
