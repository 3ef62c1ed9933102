import { useQuery } from "@tanstack/react-query";
import { Ban, Building2, CalendarDays, Link as LinkIcon, Lock, Settings } from "lucide-react";
import { Link, useParams } from "react-router";
import { BanUserButton, UnbanUserButton } from "@/features/ban-user";
import { FollowButton } from "@/features/follow-user";
import { ReportButton } from "@/features/report-content";
import { banStandingQuery } from "@/entities/moderation";
import { profileQuery } from "@/entities/user";
import { canModerate, useViewer } from "@/entities/session";
import { toApiError, type UserProfile } from "@/shared/api";
import { paths } from "@/shared/config";
import { compactNumber, displayName, fullDate, hostOf, monthYear, pageMeta, useDocumentTitle, usePageMeta } from "@/shared/lib";
import { Avatar, EmptyState, ErrorState, FeedLinks, Loading, NotFound, TabLinks } from "@/shared/ui";
import { PostList } from "@/widgets/post-list";
import { UserList } from "@/widgets/user-list";

const TABS = ["posts", "likes", "collects", "followers", "following"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, string> = {
  posts: "Posts",
  likes: "Likes",
  collects: "Bookmarks",
  followers: "Followers",
  following: "Following",
};

/** The profile's head links: its address (per section) and the person's posts feed. */
const profileMeta = (user: UserProfile, tab: Tab) => pageMeta.user({ name: user.name, shownName: displayName(user) }, tab);

/**
 * A moderator's tools on someone's profile: Ban, or (while they are banned) Unban with the ban's
 * end and reason. A profile does not carry the ban, so it is read from the public log; until that
 * answers nothing is offered, and if it cannot be read both are (the server refuses the wrong one).
 */
function ProfileModeration({ user }: { user: UserProfile }) {
  const standing = useQuery(banStandingQuery(user.id));
  if (standing.isPending) return null;
  const banned = standing.data?.banned;
  return (
    <div className="profile-moderation" role="group" aria-label="Moderation">
      {banned && standing.data ? (
        <p className="profile-banned" data-profile-banned="">
          <Ban aria-hidden="true" size={14} /> {displayName(user)} is banned{" "}
          {standing.data.until ? `until ${fullDate(standing.data.until)}` : "for good"}
          {standing.data.reason ? `: ${standing.data.reason}` : "."}
        </p>
      ) : null}
      {banned !== true ? <BanUserButton user={user} /> : null}
      {banned !== false ? <UnbanUserButton user={user} /> : null}
    </div>
  );
}

function ProfileHeader({ user, isMe }: { user: UserProfile; isMe: boolean }) {
  const { me } = useViewer();
  const websiteHost = hostOf(user.website);
  return (
    <section className="card profile-head" aria-labelledby="profile-name" data-user-id={user.id}>
      <Avatar user={user} size={72} />
      <div className="profile-info">
        <h1 id="profile-name" className="profile-name">
          {displayName(user)}
        </h1>
        <p className="muted">@{user.name}</p>
        {user.bio ? <p className="profile-bio">{user.bio}</p> : null}
        <ul className="profile-meta">
          {user.website && websiteHost ? (
            <li>
              <LinkIcon aria-hidden="true" size={14} />
              <a href={user.website} target="_blank" rel="noopener noreferrer nofollow me">
                {websiteHost}
              </a>
            </li>
          ) : null}
          {user.company ? (
            <li>
              <Building2 aria-hidden="true" size={14} /> {user.company}
            </li>
          ) : null}
          <li>
            <CalendarDays aria-hidden="true" size={14} /> Joined{" "}
            <time dateTime={user.created_at} title={fullDate(user.created_at)}>
              {monthYear(user.created_at)}
            </time>
          </li>
          <li>
            <FeedLinks feed={profileMeta(user, "posts").feeds[0]!} />
          </li>
        </ul>
        <dl className="profile-stats">
          <div>
            <dt>Posts</dt>
            <dd data-stat="posts">{compactNumber(user.stats.post_count)}</dd>
          </div>
          <div>
            <dt>Followers</dt>
            <dd data-stat="followers">{compactNumber(user.stats.follower_count)}</dd>
          </div>
          <div>
            <dt>Following</dt>
            <dd data-stat="following">{compactNumber(user.stats.following_count)}</dd>
          </div>
        </dl>
      </div>
      <div className="profile-action">
        {isMe ? (
          <Link className="btn btn-secondary" to={paths.settings}>
            <Settings aria-hidden="true" size={16} /> Edit profile
          </Link>
        ) : (
          <>
            <FollowButton user={user} followed={user.followed} followerCount={user.stats.follower_count} />
            <ReportButton target={{ kind: "user", id: user.id }} authorId={user.id} subject={displayName(user)} />
          </>
        )}
        {canModerate(me) && !isMe ? <ProfileModeration user={user} /> : null}
      </div>
    </section>
  );
}

export function ProfilePage() {
  const { name = "", tab: rawTab } = useParams();
  const tab: Tab = TABS.includes(rawTab as Tab) ? (rawTab as Tab) : "posts";
  const profile = useQuery(profileQuery(name));
  const { me, signedIn } = useViewer();
  useDocumentTitle(profile.data ? `${displayName(profile.data)} (@${profile.data.name})` : name);
  // An unknown section is no page of its own (the server answers it as not found).
  const knownTab = rawTab === undefined || TABS.includes(rawTab as Tab);
  usePageMeta(profile.data && knownTab ? profileMeta(profile.data, tab) : undefined);

  if (profile.isPending) return <Loading label="Loading profile…" />;
  if (profile.isError) {
    return toApiError(profile.error).status === 404 ? (
      <NotFound what="user" />
    ) : (
      <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
    );
  }
  const user = profile.data;
  const isMe = me?.id === user.id;
  const whose = isMe ? "You have" : `${displayName(user)} has`;
  // Bookmarks are private unless their owner shows them: others get no tab (the API answers 403).
  // (Until `me` is known a signed-in owner is not told apart from a visitor: wait for it.)
  const viewerKnown = !signedIn || me !== undefined;
  const collectsHidden = viewerKnown && !isMe && !user.collects_public;
  const tabs = collectsHidden ? TABS.filter((name) => name !== "collects") : TABS;
  return (
    <div className="layout-narrow">
      <ProfileHeader user={user} isMe={isMe} />
      <TabLinks
        label="Profile sections"
        tabs={tabs.map((name) => ({ to: paths.user(user.name, name), label: TAB_LABELS[name], active: name === tab }))}
      />
      {tab === "collects" && isMe && !user.collects_public ? (
        <p className="profile-note muted" data-private-collects="">
          <Lock aria-hidden="true" size={14} /> Only you can see your bookmarks.{" "}
          <Link to={`${paths.settings}#privacy`}>Show them on your profile</Link>
        </p>
      ) : null}
      {tab === "collects" && !viewerKnown ? (
        <Loading />
      ) : tab === "collects" && collectsHidden ? (
        <EmptyState title={`${displayName(user)} keeps their bookmarks private.`} />
      ) : tab === "followers" || tab === "following" ? (
        <UserList
          key={tab}
          kind={tab}
          userId={user.id}
          emptyTitle={tab === "followers" ? `No followers yet.` : `${whose} not followed anyone yet.`}
        />
      ) : (
        <PostList
          key={tab}
          scope={{ kind: tab === "posts" ? "user-posts" : tab === "likes" ? "user-likes" : "user-collects", userId: user.id }}
          label={TAB_LABELS[tab]}
          empty={{
            title:
              tab === "posts"
                ? `${whose} not posted yet.`
                : tab === "likes"
                  ? `${whose} not liked anything yet.`
                  : `${whose} not bookmarked anything yet.`,
          }}
        />
      )}
    </div>
  );
}
