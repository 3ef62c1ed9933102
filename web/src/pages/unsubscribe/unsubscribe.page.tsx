import { Link, useSearchParams } from "react-router";
import { UnsubscribeForm } from "@/features/unsubscribe-mail";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { Alert } from "@/shared/ui";

/**
 * `/unsubscribe?token=…`, from the link at the foot of a notification mail. Works signed out;
 * nothing is sent until the button is pressed.
 */
export function UnsubscribePage() {
  useDocumentTitle("Unsubscribe");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  return (
    <div className="layout-auth">
      <div className="card auth-card">
        <h1 className="page-title">Unsubscribe</h1>
        {token ? (
          <UnsubscribeForm token={token} kind={params.get("kind")} />
        ) : (
          <Alert>
            <p>This unsubscribe link is incomplete. Open the link from the email again.</p>
            <p>
              You can also choose which emails you get in <Link to={paths.notificationSettings}>Settings → Notifications</Link>.
            </p>
          </Alert>
        )}
      </div>
    </div>
  );
}
