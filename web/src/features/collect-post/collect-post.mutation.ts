import { setPostCollect, usePostToggle, type PostToggleKind } from "@/entities/post";

export const collectPostKind: PostToggleKind = {
  name: "collect-post",
  flag: "collected",
  count: "collect_count",
  request: setPostCollect,
  errorToast: "Could not save your bookmark.",
};

export const useCollectPost = () => usePostToggle(collectPostKind);
