import { MailX } from "lucide-react";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { isNotificationKind, kindInfo } from "@/entities/notification";
import { toApiError } from "@/shared/api";
import { paths } from "@/shared/config";
import { Alert, FormError } from "@/shared/ui";
import { useUnsubscribe } from "./unsubscribe.mutation";

const BAD_LINK = new Set(["invalid_token", "token_expired", "token_used", "not_found", "validation_failed", "invalid_query"]);

function SettingsLink() {
  return <Link to={paths.notificationSettings}>Settings → Notifications</Link>;
}

/** "emails about replies", or "notification emails" when the link covers every kind (the digest's). */
function emailsAbout(kind: string | null | undefined): string {
  return kind ? `emails about ${kindInfo(kind).about}` : "notification emails";
}

/**
 * The question a mail's unsubscribe link opens, and the button that answers it. The token is sent
 * on the click only. `kind` (when the link names it) says which mails before the click; the
 * server's answer says which after it (none named: every notification mail).
 */
export function UnsubscribeForm({ token, kind }: { token: string; kind?: string | null }) {
  const unsubscribe = useUnsubscribe();
  const doneRef = useRef<HTMLDivElement>(null);
  const named = isNotificationKind(kind) ? kind : null;
  useEffect(() => {
    // The button is gone: the focus goes to what it did.
    if (unsubscribe.isSuccess) doneRef.current?.focus();
  }, [unsubscribe.isSuccess]);

  if (unsubscribe.isSuccess) {
    // Typed as always named, but a digest's link names no kind: read as optional.
    const turnedOff: string | null | undefined = unsubscribe.data.kind;
    return (
      <div ref={doneRef} tabIndex={-1} className="unsubscribe-done" data-unsubscribed={turnedOff ?? "all"}>
        <Alert tone="success">You won&apos;t get {emailsAbout(turnedOff)} any more.</Alert>
        <p>
          You still see them in the app. To turn them back on, or to change other emails, go to <SettingsLink />.
        </p>
      </div>
    );
  }
  const badLink = unsubscribe.isError && BAD_LINK.has(toApiError(unsubscribe.error).code);
  if (badLink) {
    return (
      <Alert>
        <p>This unsubscribe link is not valid any more.</p>
        <p>
          You can turn emails off in <SettingsLink /> (sign in first).
        </p>
      </Alert>
    );
  }
  return (
    <div className="unsubscribe-question">
      <p className="unsubscribe-lead">Stop {emailsAbout(named)}?</p>
      <p className="muted">Nothing changes until you press the button. You will still see your notifications in the app.</p>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-action="unsubscribe"
          disabled={unsubscribe.isPending}
          aria-busy={unsubscribe.isPending}
          onClick={() => unsubscribe.mutate(token)}
        >
          <MailX aria-hidden="true" size={16} /> {unsubscribe.isPending ? "Stopping…" : "Stop emails"}
        </button>
      </div>
      <FormError error={unsubscribe.error} />
    </div>
  );
}
