//! Finishes the like or bookmark a visitor clicked before signing in, once they are signed in.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { toApiError } from "@/shared/api";
import { takePendingAction } from "@/shared/lib";
import { showToast } from "@/shared/ui";
import { setPostCollect, setPostLike } from "./post.api";
import { patchPostEverywhere } from "./post.cache";
import { postKeys } from "./post.queries";

/**
 * Run where the app is signed in or not (the layout): when `signedIn` turns true with an action
 * waiting, it is sent once. A like is `PUT` (on, never a toggle), so a post liked already stays liked.
 */
export function useFinishPendingPostAction(signedIn: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!signedIn) return;
    const action = takePendingAction();
    if (!action) return;
    const like = action.kind === "like-post";
    void (like ? setPostLike : setPostCollect)(action.postId, true).then(
      (state) => {
        const patch = like
          ? { liked: state.active, like_count: state.count }
          : { collected: state.active, collect_count: state.count };
        patchPostEverywhere(queryClient, action.postId, patch);
        // Lists fetched while the like was on its way may hold the old state.
        void queryClient.invalidateQueries({ queryKey: postKeys.all });
        showToast(like ? "Signed in, and your like is saved." : "Signed in, and your bookmark is saved.");
      },
      (error: unknown) => {
        if (toApiError(error).status === 404) return; // the post is gone: nothing to finish
        showToast(like ? "Could not save your like." : "Could not save your bookmark.");
      },
    );
  }, [signedIn, queryClient]);
}
