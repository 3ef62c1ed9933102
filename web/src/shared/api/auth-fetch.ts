//! `fetch` with the bearer token attached, and one retry after a single-flight refresh when the
//! access token has expired. Every API call goes through here.
import { API_PREFIX } from "@/shared/config";
import { sessionTokens } from "./session-tokens";

let refreshInFlight: Promise<boolean> | null = null;

async function refreshOnce(): Promise<boolean> {
  const tokens = sessionTokens.get();
  if (!tokens) return false;
  let response: Response;
  try {
    response = await globalThis.fetch(
      new Request(absoluteUrl(`${API_PREFIX}/auth/refresh`), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: tokens.refreshToken }),
      }),
    );
  } catch {
    return false; // offline: keep the session, the caller sees its original 401
  }
  if (!response.ok) {
    // Another tab may have rotated the token while we were asking; that one is still good.
    const now = sessionTokens.get();
    if (now && now.refreshToken !== tokens.refreshToken) return true;
    if (response.status === 401 || response.status === 400 || response.status === 403) sessionTokens.set(null);
    return false;
  }
  const body = (await response.json()) as { access_token: string; refresh_token: string; expires_in: number };
  sessionTokens.setFromAuth(body);
  return true;
}

/**
 * Refreshes the session; concurrent callers share one request, because the refresh token
 * rotates and a second parallel refresh with the old token would be refused.
 */
export function refreshSession(): Promise<boolean> {
  refreshInFlight ??= refreshOnce().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

export function absoluteUrl(path: string): string {
  const origin = typeof window !== "undefined" ? window.location.origin : "http://localhost";
  return new URL(path, origin).toString();
}

async function errorCode(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === "string" ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const sent = sessionTokens.get();
  if (sent && !request.headers.has("Authorization")) {
    request.headers.set("Authorization", `Bearer ${sent.accessToken}`);
  }
  const response = await globalThis.fetch(request);
  if (response.status !== 401 || !sent) return response;
  const code = await errorCode(response);
  if (code === "session_revoked") {
    // Signed out elsewhere (another device, "sign out everywhere"): like an expired session that
    // cannot be refreshed. Pages that need a session then send the person to sign in.
    if (sessionTokens.get()?.accessToken === sent.accessToken) sessionTokens.set(null);
    return response;
  }
  if (code !== "token_expired") return response;

  // A parallel request may already have refreshed; only refresh if we still hold the old token.
  const current = sessionTokens.get();
  const refreshed = current && current.accessToken !== sent.accessToken ? true : await refreshSession();
  const fresh = sessionTokens.get();
  if (!refreshed || !fresh) return response;
  retry.headers.set("Authorization", `Bearer ${fresh.accessToken}`);
  return globalThis.fetch(retry);
}
