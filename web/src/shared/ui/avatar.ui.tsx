import { avatarSource, displayName, type AvatarSources } from "@/shared/lib";

/** How many colours initials come in (`.avatar-hue-0` … `-7` in styles.css). */
export const AVATAR_HUES = 8;

/**
 * A user's picture (the 64 px file for small sizes), or their initial on a colour of their own.
 * The server draws the same for the first page (api/src/web_app/first_paint.rs).
 */
export function Avatar({
  user,
  size = 32,
}: {
  user: { id: number; name: string; nickname?: string | null } & AvatarSources;
  size?: number;
}) {
  const src = avatarSource(user, size);
  const name = displayName(user);
  if (src) {
    return <img className="avatar" src={src} alt="" width={size} height={size} loading="lazy" />;
  }
  return (
    <span
      className={`avatar avatar-initials avatar-hue-${Math.abs(user.id) % AVATAR_HUES}`}
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: size * 0.42 }}
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
