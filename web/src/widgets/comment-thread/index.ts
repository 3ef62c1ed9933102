export { CommentThread } from "./comment-thread.ui";
