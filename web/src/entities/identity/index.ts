export { fetchOAuthProviders, startOAuth, fetchLinkedIdentities, unlinkIdentity } from "./identity.api";
export { identityKeys, oauthProvidersQuery, useOAuthProviders, useLinkedIdentities, providerName } from "./identity.queries";
export { useStartOAuth, type StartOAuthVariables } from "./start-oauth.mutation";
export { ProviderIcon } from "./provider-icon.ui";
