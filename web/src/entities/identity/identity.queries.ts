import { queryOptions, useQuery } from "@tanstack/react-query";
import type { OAuthProvider } from "@/shared/api";
import { fetchLinkedIdentities, fetchOAuthProviders } from "./identity.api";

export const identityKeys = {
  providers: ["oauth-providers"] as const,
  linked: ["identities"] as const,
};

/** The configured providers change only with the server's configuration. */
export const oauthProvidersQuery = () =>
  queryOptions({
    queryKey: identityKeys.providers,
    queryFn: ({ signal }) => fetchOAuthProviders(signal),
    staleTime: 5 * 60_000,
  });

export const useOAuthProviders = () => useQuery(oauthProvidersQuery());

export const useLinkedIdentities = () =>
  useQuery({ queryKey: identityKeys.linked, queryFn: ({ signal }) => fetchLinkedIdentities(signal) });

/** What to call a provider: its configured name when known, else a readable form of its id. */
export function providerName(id: string, providers: OAuthProvider[] | undefined): string {
  return (
    providers?.find((provider) => provider.id === id)?.name ??
    (id === "github" ? "GitHub" : id === "oidc" ? "single sign-on" : id)
  );
}
