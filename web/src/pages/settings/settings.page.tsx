import { useEffect, type ReactNode } from "react";
import { useLocation } from "react-router";
import { UnconfirmedBanner } from "@/features/auth";
import { ChangeEmailForm } from "@/features/change-email";
import { CollectsPrivacy } from "@/features/collects-privacy";
import { AvatarForm } from "@/features/upload-avatar";
import { FeedSources } from "@/features/manage-feed-sources";
import { NotificationSettingsTable } from "@/features/notification-settings";
import { PrivateFeed } from "@/features/private-feed";
import { PasswordForm } from "@/features/change-password";
import { ProfileForm } from "@/features/update-profile";
import { useLinkedIdentities } from "@/entities/identity";
import { RequireSession } from "@/entities/session";
import type { Me } from "@/shared/api";
import { useDocumentTitle } from "@/shared/lib";
import { SignInMethods } from "@/widgets/sign-in-methods";
import { SettingsNav, goToSection, type SettingsSection } from "./settings-nav.ui";

/** The sections, in page order. */
export const SETTINGS_SECTIONS: SettingsSection[] = [
  { id: "profile", title: "Profile" },
  { id: "account", title: "Account" },
  { id: "sign-in-methods", title: "Sign-in methods" },
  { id: "notifications", title: "Notifications" },
  { id: "privacy", title: "Privacy & data" },
  { id: "feeds", title: "Imported feeds" },
];

function Section({ id, intro, children }: { id: string; intro: ReactNode; children: ReactNode }) {
  const title = SETTINGS_SECTIONS.find((section) => section.id === id)?.title ?? id;
  return (
    <section id={id} className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="settings-section-title">
        {title}
      </h2>
      <p className="muted settings-section-intro">{intro}</p>
      {children}
    </section>
  );
}

/** "Change password" asks for the current one, which an account made through a provider has not got. */
function PasswordCard({ hasPassword }: { hasPassword: boolean | undefined }) {
  if (hasPassword === false) return null;
  return (
    <div className="card">
      <PasswordForm />
    </div>
  );
}

function Sections({ me }: { me: Me }) {
  const linked = useLinkedIdentities();
  const hasPassword = linked.data?.has_password;
  const { hash } = useLocation();
  // Opened as /settings#privacy (a link, or back from a provider): go there once the page is drawn.
  useEffect(() => {
    const id = decodeURIComponent(hash.slice(1));
    if (id && SETTINGS_SECTIONS.some((section) => section.id === id)) goToSection(id, { smooth: false });
  }, [hash]);
  return (
    <div className="settings-sections">
      <Section id="profile" intro="What everyone sees on your profile and next to your posts.">
        <div className="card">
          <ProfileForm me={me} />
        </div>
        <div className="card" id="avatar">
          <AvatarForm me={me} />
        </div>
      </Section>
      <Section id="account" intro="Your address, for signing in and for mail about your account. Only you see it.">
        <div className="card">
          <ChangeEmailForm me={me} hasPassword={hasPassword} />
        </div>
      </Section>
      <Section id="sign-in-methods" intro="Your password, and the accounts elsewhere you can sign in with.">
        <div className="card">
          <SignInMethods />
        </div>
        <PasswordCard hasPassword={hasPassword} />
      </Section>
      <Section
        id="notifications"
        intro="Replies, mentions, likes and new followers: which ones you hear about, and whether by email too."
      >
        <div className="card">
          <NotificationSettingsTable />
        </div>
      </Section>
      <Section
        id="privacy"
        intro="Your posts, comments, likes and follows are public. What you bookmark is yours unless you share it."
      >
        <div className="card">
          <CollectsPrivacy me={me} />
        </div>
        <div className="card">
          <PrivateFeed />
        </div>
      </Section>
      <Section id="feeds" intro="Publish the posts of your blog's RSS or Atom feed here, under your name.">
        <div className="card">
          <FeedSources />
        </div>
      </Section>
    </div>
  );
}

export function SettingsPage() {
  useDocumentTitle("Settings");
  return (
    <RequireSession>
      {(me) => (
        <div className="settings">
          <h1 className="page-title">Settings</h1>
          <UnconfirmedBanner me={me} action="publish, comment and like" />
          <div className="settings-layout">
            <SettingsNav sections={SETTINGS_SECTIONS} />
            <Sections me={me} />
          </div>
        </div>
      )}
    </RequireSession>
  );
}
