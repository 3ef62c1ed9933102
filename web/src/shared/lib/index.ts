export { useCursorList, cursorListOptions, type CursorList } from "./use-cursor-list";
export { timeAgo, fullDate, compactNumber, displayName, hostOf, sameOriginImage, sentence } from "./format";
export { avatarSource, avatarFieldsOf, SMALL_AVATAR_MAX_SIZE, type AvatarFields, type AvatarPatch } from "./avatar-source";
export { leaveSite, isWebAddress } from "./leave-site";
export { useDocumentTitle } from "./use-document-title";
export { useLocalDraft, readDraft, writeDraft, clearDraft } from "./local-draft";
export { THEMES, applyTheme, setTheme, storedTheme, useTheme, type Theme } from "./theme";
