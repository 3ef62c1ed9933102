export {
  fetchPostPage,
  fetchPost,
  createPost,
  updatePost,
  deletePost,
  setPostLike,
  setPostCollect,
  type PostListScope,
} from "./post.api";
export { postKeys, postQuery, usePostList } from "./post.queries";
export {
  patchPostEverywhere,
  patchAuthorEverywhere,
  removePostEverywhere,
  findCachedPost,
  mapPosts,
  type PostPatch,
} from "./post.cache";
export { usePostToggle, type PostToggleKind, type PostToggleVariables } from "./post-toggle.mutation";
export { PostCard } from "./post-card.ui";
