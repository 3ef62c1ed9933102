import { LockKeyhole } from "lucide-react";
import { Link } from "react-router";
import { LinkIdentityButtons } from "@/features/link-identity";
import { UnlinkIdentityButton, useUnlinkIdentity } from "@/features/unlink-identity";
import { ProviderIcon, providerName, useLinkedIdentities, useOAuthProviders } from "@/entities/identity";
import { toApiError } from "@/shared/api";
import { paths } from "@/shared/config";
import { fullDate, sentence, timeAgo } from "@/shared/lib";
import { Alert, ErrorState, Loading } from "@/shared/ui";

/**
 * Settings → "Sign-in methods": the password (set or not), each linked provider with "Unlink",
 * and "Link …" for the configured providers not linked yet.
 */
export function SignInMethods() {
  const linked = useLinkedIdentities();
  const providers = useOAuthProviders();
  const unlink = useUnlinkIdentity();

  let body;
  if (linked.isPending) body = <Loading label="Loading sign-in methods…" />;
  else if (linked.isError) body = <ErrorState error={linked.error} onRetry={() => void linked.refetch()} />;
  else {
    const configured = providers.data ?? [];
    const linkedIds = new Set(linked.data.identities.map((identity) => identity.provider));
    const unlinked = configured.filter((provider) => !linkedIds.has(provider.id));
    const unlinkError = unlink.error ? toApiError(unlink.error) : null;
    body = (
      <>
        {unlinkError ? (
          <Alert>
            <p>{sentence(unlinkError.message)}</p>
            {unlinkError.code === "last_sign_in_method" ? (
              <p>
                <Link to={paths.forgotPassword}>Get a link to choose a password</Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
        <ul className="sign-in-methods" aria-label="Ways you sign in">
          <li data-method="password">
            <LockKeyhole className="provider-icon" aria-hidden="true" size={16} />
            <div className="sign-in-method-main">
              <strong>Password</strong>
              <span className="muted">
                {linked.data.has_password ? (
                  "Set. Change it below."
                ) : (
                  <>
                    Not set. <Link to={paths.forgotPassword}>Get a link to choose one</Link>.
                  </>
                )}
              </span>
            </div>
          </li>
          {linked.data.identities.map((identity) => {
            const name = providerName(identity.provider, configured);
            const kind = configured.find((provider) => provider.id === identity.provider)?.kind ?? identity.provider;
            return (
              <li key={identity.provider} data-provider={identity.provider}>
                <ProviderIcon kind={kind} />
                <div className="sign-in-method-main">
                  <strong>{name}</strong>
                  <span className="muted">
                    {identity.login ? `${identity.login} · ` : ""}linked{" "}
                    <time dateTime={identity.created_at} title={fullDate(identity.created_at)}>
                      {timeAgo(identity.created_at)}
                    </time>
                  </span>
                </div>
                <UnlinkIdentityButton
                  providerName={name}
                  busy={unlink.isPending && unlink.variables === identity.provider}
                  onUnlink={() => unlink.mutate(identity.provider)}
                />
              </li>
            );
          })}
        </ul>
        <LinkIdentityButtons providers={unlinked} />
      </>
    );
  }
  return (
    <section className="form" aria-labelledby="sign-in-methods-heading">
      <h3 id="sign-in-methods-heading">How you sign in</h3>
      <p className="muted form-aside">Sign in with your password, or with an account you have elsewhere.</p>
      {body}
    </section>
  );
}
