import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router";
import { sessionTokens } from "@/shared/api";
import { signInPath } from "@/shared/config";

/** Returns `ensureSignedIn()`: true when signed in, else sends the visitor to sign in and back. */
export function useSignInGuard() {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(() => {
    if (sessionTokens.get()) return true;
    void navigate(signInPath(location.pathname + location.search + location.hash));
    return false;
  }, [navigate, location]);
}
