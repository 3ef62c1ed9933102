export { fetchCommentPage, createComment, deleteComment, setCommentLike } from "./comment.api";
export { commentKeys, useCommentThread } from "./comment.queries";
export { patchComment, findComment, insertComment, removeComment, patchCommentAuthorEverywhere } from "./comment.cache";
export {
  COMMENT_SORTS,
  COMMENT_SORT_LABELS,
  commentSort,
  sortCommentTree,
  commentPath,
  countReplies,
  type CommentSort,
} from "./comment-sort";
export { CommentSortSwitch } from "./comment-sort.ui";
