import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { patchCommentAuthorEverywhere } from "@/entities/comment";
import { patchPostAuthorEverywhere } from "@/entities/post";
import { meKey } from "@/entities/session";
import { patchUserEverywhere } from "@/entities/user";
import { api, multipart, unwrap, type AvatarUploadRequest, type Me } from "@/shared/api";
import { avatarFieldsOf } from "@/shared/lib";

/**
 * The new avatar shows at once wherever this user is cached: the header (the `me` query), the
 * profile, lists of people, and the author line of their posts and comments.
 */
function showAvatarEverywhere(queryClient: QueryClient, me: Me) {
  queryClient.setQueryData(meKey, me);
  const patch = avatarFieldsOf(me);
  patchUserEverywhere(queryClient, me.id, patch);
  patchPostAuthorEverywhere(queryClient, me.id, patch);
  patchCommentAuthorEverywhere(queryClient, me.id, patch);
}

/**
 * `PUT /me/avatar`, multipart with one field `avatar`; answers the updated `Me`. Sent with
 * `fetch`, which reports no upload progress: the form shows a busy bar instead (the file is at
 * most 2 MB).
 */
export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["upload-avatar"],
    mutationFn: (file: File) =>
      unwrap(
        api.PUT("/api/v1/me/avatar", {
          body: multipart<AvatarUploadRequest>({ avatar: file }),
          bodySerializer: (form) => form,
        }),
      ),
    onSuccess: (me) => showAvatarEverywhere(queryClient, me),
  });
}

/** `DELETE /me/avatar`: back to the initials; answers the updated `Me`. */
export function useRemoveAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["remove-avatar"],
    mutationFn: () => unwrap(api.DELETE("/api/v1/me/avatar")),
    onSuccess: (me) => showAvatarEverywhere(queryClient, me),
  });
}
