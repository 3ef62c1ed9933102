import { LoaderCircle } from "lucide-react";
import { ProviderIcon, useStartOAuth } from "@/entities/identity";
import type { OAuthProvider } from "@/shared/api";
import { paths } from "@/shared/config";
import { FormError } from "@/shared/ui";

/**
 * "Link GitHub": the same round trip as a provider sign-in, started with the session's bearer
 * token, so the server adds the provider to this account; it comes back to Settings.
 */
export function LinkIdentityButtons({ providers }: { providers: OAuthProvider[] }) {
  const start = useStartOAuth();
  if (!providers.length) return null;
  return (
    <div className="link-identity">
      {start.error ? <FormError error={start.error} /> : null}
      <div className="link-identity-buttons">
        {providers.map((provider) => {
          const busy = start.busyProvider === provider.id;
          return (
            <button
              key={provider.id}
              type="button"
              className="btn btn-secondary"
              data-provider={provider.id}
              disabled={start.busyProvider !== undefined}
              aria-busy={busy || undefined}
              onClick={() => start.mutate({ provider: provider.id, returnTo: paths.settings })}
            >
              {busy ? <LoaderCircle className="spin" aria-hidden="true" size={16} /> : <ProviderIcon kind={provider.kind} />}
              {busy ? `Opening ${provider.name}…` : `Link ${provider.name}`}
            </button>
          );
        })}
      </div>
    </div>
  );
}
