import { LoaderCircle } from "lucide-react";
import { ProviderIcon, useOAuthProviders, useStartOAuth } from "@/entities/identity";
import { toApiError } from "@/shared/api";
import { Alert, FormError } from "@/shared/ui";

type Props = {
  /** "Sign in with GitHub" on the sign-in page, "Sign up with GitHub" on the register page. */
  verb: "Sign in" | "Sign up";
  /** The page to come back to once signed in (a path of this site). */
  returnTo: string;
};

/**
 * One button per provider the server is configured for; nothing at all when there is none (or
 * the list cannot be read: the password form still works). A click asks the server for the
 * provider's address, which also sets the state cookie, and the browser goes there.
 */
export function OAuthButtons({ verb, returnTo }: Props) {
  const providers = useOAuthProviders();
  const start = useStartOAuth();
  if (!providers.data?.length) return null;
  return (
    <div className="oauth" role="group" aria-labelledby="oauth-divider">
      <p className="divider" id="oauth-divider">
        <span>{verb === "Sign up" ? "or sign up with" : "or"}</span>
      </p>
      {start.error && toApiError(start.error).status === 503 ? (
        <Alert focusTarget>The sign-in provider is not answering right now. Please try again in a moment.</Alert>
      ) : start.error ? (
        <FormError error={start.error} />
      ) : null}
      {providers.data.map((provider) => {
        const busy = start.busyProvider === provider.id;
        return (
          <button
            key={provider.id}
            type="button"
            className="btn btn-secondary btn-block"
            data-provider={provider.id}
            disabled={start.busyProvider !== undefined}
            aria-busy={busy || undefined}
            onClick={() => start.mutate({ provider: provider.id, returnTo })}
          >
            {busy ? <LoaderCircle className="spin" aria-hidden="true" size={16} /> : <ProviderIcon kind={provider.kind} />}
            {busy ? `Opening ${provider.name}…` : `${verb} with ${provider.name}`}
          </button>
        );
      })}
    </div>
  );
}
