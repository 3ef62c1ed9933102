import type { Me } from "@/shared/api";
import { Alert } from "@/shared/ui";
import { ResendConfirmationButton } from "./resend-confirmation.ui";

/**
 * Shown before someone writes (compose, settings) while their address is unconfirmed: the server
 * refuses to publish until it is, and finding out after writing a whole post is too late.
 */
export function UnconfirmedBanner({ me, action = "publish" }: { me: Me; action?: string }) {
  if (me.confirmed) return null;
  return (
    <div className="unconfirmed-banner" data-unconfirmed-banner>
      <Alert tone="info">
        <p>
          <strong>Please confirm your email address to {action}.</strong> We sent a link to <strong>{me.email}</strong>; open it
          and come back here.
        </p>
        <ResendConfirmationButton className="btn btn-secondary btn-small" />
      </Alert>
    </div>
  );
}
