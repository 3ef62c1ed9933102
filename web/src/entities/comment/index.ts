export { fetchCommentPage, createComment, deleteComment, setCommentLike } from "./comment.api";
export { commentKeys, useCommentThread } from "./comment.queries";
export { patchComment, findComment, insertComment, removeComment, patchCommentAuthorEverywhere } from "./comment.cache";
