import { AvatarForm } from "@/features/upload-avatar";
import { FeedSources } from "@/features/manage-feed-sources";
import { PasswordForm } from "@/features/change-password";
import { ProfileForm } from "@/features/update-profile";
import { RequireSession } from "@/entities/session";
import { useDocumentTitle } from "@/shared/lib";

export function SettingsPage() {
  useDocumentTitle("Settings");
  return (
    <RequireSession>
      {(me) => (
        <div className="layout-narrow settings">
          <h1 className="page-title">Settings</h1>
          <div className="card">
            <ProfileForm me={me} />
          </div>
          <div className="card">
            <AvatarForm me={me} />
          </div>
          <div className="card">
            <PasswordForm />
          </div>
          <div className="card">
            <FeedSources />
          </div>
        </div>
      )}
    </RequireSession>
  );
}
