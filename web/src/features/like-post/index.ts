export { LikePostButton } from "./like-post.ui";
export { useLikePost, likePostKind } from "./like-post.mutation";
