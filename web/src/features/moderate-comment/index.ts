export { ModerateCommentButton } from "./moderate-comment.ui";
export { useModerateComment } from "./moderate-comment.mutation";
