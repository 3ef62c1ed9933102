import { UnconfirmedBanner } from "@/features/auth";
import { AvatarForm } from "@/features/upload-avatar";
import { FeedSources } from "@/features/manage-feed-sources";
import { PasswordForm } from "@/features/change-password";
import { ProfileForm } from "@/features/update-profile";
import { useLinkedIdentities } from "@/entities/identity";
import { RequireSession } from "@/entities/session";
import { useDocumentTitle } from "@/shared/lib";
import { SignInMethods } from "@/widgets/sign-in-methods";

/** "Change password" asks for the current one, which an account made through a provider has not got. */
function PasswordCard() {
  const linked = useLinkedIdentities();
  if (linked.data && !linked.data.has_password) return null;
  return (
    <div className="card">
      <PasswordForm />
    </div>
  );
}

export function SettingsPage() {
  useDocumentTitle("Settings");
  return (
    <RequireSession>
      {(me) => (
        <div className="layout-narrow settings">
          <h1 className="page-title">Settings</h1>
          <UnconfirmedBanner me={me} action="publish, comment and like" />
          <div className="card">
            <ProfileForm me={me} />
          </div>
          <div className="card" id="avatar">
            <AvatarForm me={me} />
          </div>
          <div className="card" id="sign-in-methods">
            <SignInMethods />
          </div>
          <PasswordCard />
          <div className="card">
            <FeedSources />
          </div>
        </div>
      )}
    </RequireSession>
  );
}
