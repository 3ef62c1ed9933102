import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Navigate } from "react-router";
import { meKey } from "@/entities/session";
import { sessionTokens } from "@/shared/api";
import { paths } from "@/shared/config";
import { Alert, Loading } from "@/shared/ui";
import { safeNext } from "./safe-next";

/**
 * Where the server's OAuth flow lands: `/auth/callback#access_token=…&refresh_token=…&expires_in=…`
 * (in the fragment, so the tokens never reach a server log), or `?error=…`.
 */
export function OAuthCallbackPage() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ done: boolean; error?: string; next: string }>({ done: false, next: "/" });
  useEffect(() => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    const query = new URLSearchParams(window.location.search);
    const access = fragment.get("access_token");
    const refresh = fragment.get("refresh_token");
    const next = safeNext(fragment.get("next") ?? query.get("next"));
    if (!access || !refresh) {
      setState({
        done: true,
        error: query.get("error_description") ?? query.get("error") ?? "The sign-in did not complete.",
        next,
      });
      return;
    }
    history.replaceState(null, "", window.location.pathname);
    sessionTokens.setFromAuth({
      access_token: access,
      refresh_token: refresh,
      expires_in: Number(fragment.get("expires_in")) || 900,
    });
    void queryClient.invalidateQueries({ queryKey: meKey });
    setState({ done: true, next });
  }, [queryClient]);
  if (!state.done) return <Loading label="Signing you in…" />;
  if (state.error)
    return (
      <div className="layout-auth">
        <div className="card auth-card">
          <h1 className="page-title">Sign-in failed</h1>
          <Alert>{state.error}</Alert>
          <a className="btn btn-secondary" href={paths.signIn}>
            Try again
          </a>
        </div>
      </div>
    );
  return <Navigate to={state.next} replace />;
}
