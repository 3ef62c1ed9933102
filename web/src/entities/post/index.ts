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
export {
  postKeys,
  postQuery,
  postListQuery,
  usePostList,
  postOf,
  highlightOf,
  isSearchResult,
  type PostListItem,
  type PostHighlight,
} from "./post.queries";
export {
  patchPostEverywhere,
  patchAuthorEverywhere,
  patchPostAuthorEverywhere,
  removePostEverywhere,
  removePostFromLists,
  findCachedPost,
  mapPosts,
  type PostPatch,
} from "./post.cache";
export { usePostToggle, type PostToggleKind, type PostToggleVariables } from "./post-toggle.mutation";
export { PostCard } from "./post-card.ui";
export { highlightNodes } from "./highlight.ui";
export { PostRow } from "./post-row.ui";
export { useFinishPendingPostAction } from "./pending-post-action";
