//! Which avatar picture to show. Every user object carries `avatar` (256 px) and `avatar_small`
//! (64 px); both are "" when there is none.
import { sameOriginImage } from "./format";

/** The fields read here, as every user type in the spec has them. */
export type AvatarFields = { avatar: string; avatar_small: string };

/** What a picture can be drawn from: the smaller summaries (a notification's actors, `@` suggestions) carry `avatar_small` only. */
export type AvatarSources = { avatar?: string; avatar_small: string };

/** Rows, cards and the header draw avatars at most this wide; the 64 px file is sharp there on 1.6× screens. */
export const SMALL_AVATAR_MAX_SIZE = 40;

/** The same-origin picture for an avatar drawn `size` CSS pixels wide, or null for the initials placeholder. */
export function avatarSource(user: AvatarSources, size: number): string | null {
  const small = sameOriginImage(user.avatar_small);
  const large = sameOriginImage(user.avatar);
  return size <= SMALL_AVATAR_MAX_SIZE ? (small ?? large) : (large ?? small);
}

/** The avatar fields of an updated user, to copy into every cached copy of that user. */
export type AvatarPatch = AvatarFields;

export function avatarFieldsOf(user: AvatarFields): AvatarPatch {
  return { avatar: user.avatar, avatar_small: user.avatar_small };
}
