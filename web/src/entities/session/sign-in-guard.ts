import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router";
import { sessionTokens } from "@/shared/api";
import { signInPath } from "@/shared/config";
import { rememberPendingAction, type PendingAction } from "@/shared/lib";

/**
 * Returns `ensureSignedIn(action?)`: true when signed in, else sends the visitor to sign in and
 * back; `action` (the like they clicked) is kept and finished once they are signed in.
 */
export function useSignInGuard() {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    (action?: PendingAction) => {
      if (sessionTokens.get()) return true;
      if (action) rememberPendingAction(action);
      void navigate(signInPath(location.pathname + location.search + location.hash));
      return false;
    },
    [navigate, location],
  );
}
