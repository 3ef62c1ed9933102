export { EditCommentForm } from "./edit-comment.ui";
export { useEditComment } from "./edit-comment.mutation";
