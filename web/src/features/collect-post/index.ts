export { CollectPostButton } from "./collect-post.ui";
export { useCollectPost, collectPostKind } from "./collect-post.mutation";
