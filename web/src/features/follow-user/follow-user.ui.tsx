import { UserCheck, UserPlus } from "lucide-react";
import { useSignInGuard, useViewer } from "@/entities/session";
import { useFollowUser } from "./follow-user.mutation";

type Props = {
  user: { id: number; name: string };
  followed: boolean;
  followerCount?: number;
  size?: "small" | "normal";
};

/**
 * Follow toggle; hidden on the viewer's own content. Its name is its own text, "Follow ada" or
 * "Following ada" (the name after sight), and aria-pressed says the same: a fixed aria-label
 * "Follow ada" under a visible "Following" is a name speech input cannot say (axe:
 * label-content-name-mismatch). Either name reads true with its pressed state.
 */
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
      data-action="follow"
      aria-busy={follow.isPending || undefined}
      onClick={() => {
        if (follow.isPending || !ensureSignedIn()) return;
        follow.mutate({ userId: user.id, on: !followed, previous: { followed, followerCount } });
      }}
    >
      <Icon aria-hidden="true" size={size === "small" ? 14 : 16} />
      {/* The space inside the text node: a space that opens the hidden span is dropped by some name computations. */}
      {followed ? "Following " : "Follow "}
      <span className="sr-only">{user.name}</span>
    </button>
  );
}
