import { avatarSource, displayName, type AvatarFields } from "@/shared/lib";

const PALETTE = ["#0f766e", "#7c3aed", "#b45309", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490"];

/** A user's picture (the 64 px file for small sizes), or their initial on a colour of their own. */
export function Avatar({
  user,
  size = 32,
}: {
  user: { id: number; name: string; nickname?: string | null } & AvatarFields;
  size?: number;
}) {
  const src = avatarSource(user, size);
  const name = displayName(user);
  if (src) {
    return <img className="avatar" src={src} alt="" width={size} height={size} loading="lazy" />;
  }
  const background = PALETTE[Math.abs(user.id) % PALETTE.length];
  return (
    <span
      className="avatar avatar-initials"
      aria-hidden="true"
      style={{ width: size, height: size, background, fontSize: size * 0.42 }}
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
