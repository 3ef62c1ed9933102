export { fetchCommentPage, createComment, updateComment, deleteComment, setCommentLike } from "./comment.api";
export { commentKeys, useCommentThread } from "./comment.queries";
export {
  patchComment,
  findComment,
  insertComment,
  replaceCommentText,
  removeComment,
  deletedPlaceholder,
  patchCommentAuthorEverywhere,
} from "./comment.cache";
export { CommentBox, MARKDOWN_HINT } from "./comment-box.ui";
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
