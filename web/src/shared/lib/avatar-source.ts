//! Which avatar picture to show. Users carry `avatar` (256 px) and, on servers with resized
//! uploads, `avatar_small` (64 px); both are "" when there is none.
import { sameOriginImage } from "./format";

/**
 * The fields read here. `avatar_small` is optional so that objects typed from an openapi.json
 * without it (and fixtures that leave it out) still fit; once every user type in the spec has it,
 * this type can say `avatar_small: string`.
 */
export type AvatarFields = { avatar?: string | null; avatar_small?: string | null };

/** Rows, cards and the header draw avatars at most this wide; the 64 px file is sharp there on 1.6× screens. */
export const SMALL_AVATAR_MAX_SIZE = 40;

/** The same-origin picture for an avatar drawn `size` CSS pixels wide, or null for the initials placeholder. */
export function avatarSource(user: AvatarFields, size: number): string | null {
  const small = sameOriginImage(user.avatar_small);
  const large = sameOriginImage(user.avatar);
  return size <= SMALL_AVATAR_MAX_SIZE ? (small ?? large) : (large ?? small);
}

/** The avatar fields of an updated user, to copy into every cached copy of that user. */
export type AvatarPatch = { avatar: string; avatar_small?: string };

export function avatarFieldsOf(user: AvatarFields): AvatarPatch {
  const fields: AvatarPatch = { avatar: user.avatar ?? "" };
  if ("avatar_small" in user) fields.avatar_small = user.avatar_small ?? "";
  return fields;
}
