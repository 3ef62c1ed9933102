export { useCursorList, cursorListOptions, type CursorList } from "./use-cursor-list";
export { timeAgo, fullDate, monthYear, compactNumber, displayName, hostOf, sameOriginImage, sentence } from "./format";
export {
  avatarSource,
  avatarFieldsOf,
  SMALL_AVATAR_MAX_SIZE,
  type AvatarFields,
  type AvatarPatch,
  type AvatarSources,
} from "./avatar-source";
export { leaveSite, isWebAddress } from "./leave-site";
export { useDocumentTitle } from "./use-document-title";
export { useLocalDraft, readDraft, writeDraft, clearDraft } from "./local-draft";
export { THEMES, applyTheme, setTheme, storedTheme, useTheme, type Theme } from "./theme";
export { rememberPendingAction, takePendingAction, hasPendingAction, type PendingAction } from "./pending-action";
export { createPreference, listView, LIST_VIEWS, type ListView, type Preference } from "./preference";
export { enhanceCodeBlocks, useCodeBlocks } from "./code-blocks";
export { useMarkdownPreview } from "./use-markdown-preview";
export { canonicalUrl, siteBase, siteBaseOf, type SiteBase } from "./canonical-url";
export { pageMeta, feedUrl, applyPageMeta, clearPageMeta, usePageMeta, type PageMeta } from "./page-meta";
export { copyText } from "./clipboard";
