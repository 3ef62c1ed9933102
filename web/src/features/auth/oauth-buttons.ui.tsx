import { KeyRound } from "lucide-react";
import { OAUTH_PROVIDERS } from "@/shared/config";

/** Full-page links: the server redirects to the provider and back. */
export function OAuthButtons() {
  return (
    <div className="oauth">
      <p className="divider">
        <span>or</span>
      </p>
      {OAUTH_PROVIDERS.map((provider) => (
        <a key={provider.id} className="btn btn-secondary btn-block" href={provider.href}>
          <KeyRound aria-hidden="true" size={16} /> Continue with {provider.label}
        </a>
      ))}
    </div>
  );
}
