import { setPostLike, usePostToggle, type PostToggleKind } from "@/entities/post";

export const likePostKind: PostToggleKind = {
  name: "like-post",
  flag: "liked",
  count: "like_count",
  request: setPostLike,
  errorToast: "Could not save your like.",
};

export const useLikePost = () => usePostToggle(likePostKind);
