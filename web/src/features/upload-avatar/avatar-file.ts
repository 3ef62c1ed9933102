//! What the server accepts as an avatar, checked before anything is sent. The server checks
//! again by the file's content (a renamed text file passes here and is refused there).

export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

const EXTENSIONS = /\.(png|jpe?g|webp)$/i;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why `file` cannot be an avatar, or null when it may be sent. */
export function avatarFileProblem(file: File): string | null {
  // Some systems give no type for a known extension; the extension then decides.
  const typed = file.type ? (AVATAR_TYPES as readonly string[]).includes(file.type) : EXTENSIONS.test(file.name);
  if (!typed) return `“${file.name}” is not a PNG, JPEG or WebP image.`;
  if (file.size > MAX_AVATAR_BYTES) return `“${file.name}” is ${megabytes(file.size)}; an avatar can be at most 2 MB.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  return null;
}
