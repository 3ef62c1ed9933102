//! Who is signed in: the stored tokens plus the `GET /me` query.
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { sessionTokens, toApiError, type AuthResponse, type Me, type Registered } from "@/shared/api";
import { fetchMe } from "./session.api";

export const meKey = ["me"] as const;

export function useSessionTokens() {
  return useSyncExternalStore(sessionTokens.subscribe, sessionTokens.get, () => null);
}

async function fetchMeOrSignOut(signal: AbortSignal): Promise<Me> {
  try {
    return await fetchMe(signal);
  } catch (error) {
    // A token the server no longer accepts (after refresh was tried): the session is over.
    if (toApiError(error).status === 401) sessionTokens.set(null);
    throw error;
  }
}

export function useViewer(): { me: Me | undefined; signedIn: boolean; isLoading: boolean; error: unknown } {
  const tokens = useSessionTokens();
  const query = useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => fetchMeOrSignOut(signal),
    enabled: tokens !== null,
    staleTime: 60_000,
  });
  const signedIn = tokens !== null;
  return {
    me: signedIn ? query.data : undefined,
    signedIn,
    isLoading: signedIn && query.isPending && query.fetchStatus !== "idle",
    error: signedIn ? query.error : null,
  };
}

/** Whether `me` moderates: moderators and administrators (who moderate too). */
export function canModerate(me: Pick<Me, "role"> | undefined): boolean {
  return me?.role === "moderator" || me?.role === "admin";
}

/** Whether `me` is an administrator, who appoints and removes moderators. */
export function isAdmin(me: Pick<Me, "role"> | undefined): boolean {
  return me?.role === "admin";
}

/** A registration that signed the person in (201), as opposed to one waiting for confirmation (202). */
export function isSignedInResponse(registered: Registered): registered is AuthResponse {
  return "access_token" in registered;
}

/** Starts a session from an AuthResponse (sign-in, register, OAuth callback). */
export function startSession(queryClient: QueryClient, auth: AuthResponse) {
  sessionTokens.setFromAuth(auth);
  queryClient.setQueryData(meKey, auth.user);
}

/**
 * Per-user flags (liked, collected, followed) are in almost every cached response, so when the
 * signed-in identity changes every other query is reset and fetched again.
 */
export function watchSessionIdentity(queryClient: QueryClient): () => void {
  let signedIn = sessionTokens.get() !== null;
  return sessionTokens.subscribe(() => {
    const now = sessionTokens.get() !== null;
    if (now === signedIn) return;
    signedIn = now;
    if (!now) queryClient.removeQueries({ queryKey: meKey });
    void queryClient.resetQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  });
}
