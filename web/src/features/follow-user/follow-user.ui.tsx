import { UserCheck, UserPlus } from "lucide-react";
import { useSignInGuard, useViewer } from "@/entities/session";
import { useFollowUser } from "./follow-user.mutation";

type Props = {
  user: { id: number; name: string };
  followed: boolean;
  followerCount?: number;
  size?: "small" | "normal";
};

/** Follow toggle; hidden on the viewer's own content. */
export function FollowButton({ user, followed, followerCount, size = "normal" }: Props) {
  const { me } = useViewer();
  const follow = useFollowUser();
  const ensureSignedIn = useSignInGuard();
  if (me?.id === user.id) return null;
  const Icon = followed ? UserCheck : UserPlus;
  return (
    <button
      type="button"
      className={
        size === "small"
          ? `btn btn-small follow-chip${followed ? " follow-chip-on" : ""}`
          : `btn ${followed ? "btn-secondary" : "btn-primary"}`
      }
      aria-pressed={followed}
      aria-label={`Follow ${user.name}`}
      data-action="follow"
      aria-busy={follow.isPending || undefined}
      onClick={() => {
        if (follow.isPending || !ensureSignedIn()) return;
        follow.mutate({ userId: user.id, on: !followed, previous: { followed, followerCount } });
      }}
    >
      <Icon aria-hidden="true" size={size === "small" ? 14 : 16} />
      <span aria-hidden="true">{followed ? "Following" : "Follow"}</span>
    </button>
  );
}
