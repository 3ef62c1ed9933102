import { displayName, sameOriginImage } from "@/shared/lib";

const PALETTE = ["#0f766e", "#7c3aed", "#b45309", "#be123c", "#1d4ed8", "#4d7c0f", "#a21caf", "#0e7490"];

export function Avatar({
  user,
  size = 32,
}: {
  user: { id: number; name: string; nickname?: string | null; avatar?: string | null };
  size?: number;
}) {
  const src = sameOriginImage(user.avatar);
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
