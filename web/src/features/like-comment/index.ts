export { LikeCommentButton } from "./like-comment.ui";
export { useLikeComment } from "./like-comment.mutation";
