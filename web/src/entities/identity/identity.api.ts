import { api, unwrap, unwrapEmpty } from "@/shared/api";

export const fetchOAuthProviders = (signal?: AbortSignal) =>
  unwrap(api.GET("/api/v1/auth/oauth/providers", { signal })).then((body) => body.providers);

/**
 * Starts a provider round trip and returns the provider's address. Without a session it is a
 * sign-in; with one (the bearer token goes along) it links the provider to that account. The
 * answer also sets the HttpOnly state cookie the callback checks, which is why this is a
 * same-origin `fetch` with the default credentials rather than a cross-site request.
 */
export const startOAuth = (provider: string, returnTo: string) =>
  unwrap(
    api.POST("/api/v1/auth/oauth/{provider}/start", {
      params: { path: { provider } },
      body: { return_to: returnTo },
    }),
  ).then((body) => body.authorization_url);

export const fetchLinkedIdentities = (signal?: AbortSignal) => unwrap(api.GET("/api/v1/me/identities", { signal }));

export const unlinkIdentity = (provider: string) =>
  unwrapEmpty(api.DELETE("/api/v1/me/identities/{provider}", { params: { path: { provider } } }));
