//! Finding the `@name` being typed at the caret, and putting a chosen name in its place.

/** The longest prefix `GET /user-suggestions` takes (user names are 3–20 characters). */
export const MAX_PREFIX = 20;

/** Letters, marks and digits of any script, and `_ - .`: what a user name is made of. */
const NAME_RUN = "[\\p{L}\\p{M}\\p{N}_.\\-]";
const TYPED = new RegExp(`(^|\\s)@(${NAME_RUN}{1,${MAX_PREFIX}})$`, "u");
const REST = new RegExp(`^${NAME_RUN}*`, "u");

/** The `@name` at the caret: `start` is the `@`, `end` the end of the name, `prefix` what is typed before the caret. */
export type MentionFragment = { start: number; end: number; prefix: string };

/**
 * The mention being typed at `caret`: an `@` at the start or after whitespace, then 1 to 20 name
 * characters up to the caret. Null when there is none (an address like `a@b` is not one).
 */
export function mentionFragment(text: string, caret: number): MentionFragment | null {
  // Only the last few characters can hold it: the text may be long, and this runs on each key.
  const from = Math.max(0, caret - 2 * (MAX_PREFIX + 2));
  const before = text.slice(from, caret);
  const match = TYPED.exec(before);
  if (!match) return null;
  const [, space, prefix] = match as unknown as [string, string, string];
  // Matched at the start of the window: the character before it must be whitespace (or nothing).
  if (match.index === 0 && space === "" && from > 0 && !/\s/u.test(text[from - 1]!)) return null;
  const start = caret - prefix.length - 1;
  const rest = REST.exec(text.slice(caret))?.[0] ?? "";
  return { start, end: caret + rest.length, prefix };
}

/**
 * `text` with the fragment (the whole name, also what follows the caret) replaced by
 * `@name ` (one space after it, not two), and where the caret goes: after that space.
 */
export function insertMention(text: string, fragment: MentionFragment, name: string): { text: string; caret: number } {
  const before = text.slice(0, fragment.start);
  const after = text.slice(fragment.end).replace(/^ /, "");
  const inserted = `@${name} `;
  return { text: before + inserted + after, caret: before.length + inserted.length };
}
