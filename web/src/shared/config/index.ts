/** Every API path starts with this prefix; the SPA and the API share one origin. */
export const API_PREFIX = "/api/v1";

/** Page size asked of every cursor-paginated list. */
export const PAGE_SIZE = 20;

/** OAuth sign-in entry points; the server redirects back once the provider answers. */
export const OAUTH_PROVIDERS = [
  { id: "github", label: "GitHub", href: `${API_PREFIX}/auth/oauth/github/start` },
  { id: "oidc", label: "Single sign-on", href: `${API_PREFIX}/auth/oauth/oidc/start` },
] as const;
export { paths, signInPath } from "./routes";
