export { CommentForm } from "./comment-form.ui";
export { useCreateComment } from "./create-comment.mutation";
