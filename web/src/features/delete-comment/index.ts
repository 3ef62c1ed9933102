export { DeleteCommentButton } from "./delete-comment.ui";
