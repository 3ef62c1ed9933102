export { useCursorList, cursorListOptions, type CursorList } from "./use-cursor-list";
export { timeAgo, fullDate, compactNumber, displayName, hostOf, sameOriginImage } from "./format";
export { useDocumentTitle } from "./use-document-title";
