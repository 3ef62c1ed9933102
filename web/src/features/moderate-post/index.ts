export { ModeratePostButton, PostModerationActions } from "./moderate-post.ui";
export { useModeratePost } from "./moderate-post.mutation";
