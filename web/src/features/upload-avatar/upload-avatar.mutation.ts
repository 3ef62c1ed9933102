import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { patchCommentAuthorEverywhere } from "@/entities/comment";
import { patchPostAuthorEverywhere } from "@/entities/post";
import { meKey } from "@/entities/session";
import { patchUserEverywhere } from "@/entities/user";
import { requestUntyped, type Me } from "@/shared/api";
import { avatarFieldsOf } from "@/shared/lib";

function isMe(value: unknown): value is Me {
  return typeof value === "object" && value !== null && "id" in value && "avatar" in value;
}

/**
 * The new avatar shows at once wherever this user is cached: the header (the `me` query), the
 * profile, lists of people, and the author line of their posts and comments.
 */
function showAvatarEverywhere(queryClient: QueryClient, me: unknown) {
  if (!isMe(me)) {
    void queryClient.invalidateQueries({ queryKey: meKey });
    return;
  }
  queryClient.setQueryData(meKey, me);
  const patch = avatarFieldsOf(me);
  patchUserEverywhere(queryClient, me.id, patch);
  patchPostAuthorEverywhere(queryClient, me.id, patch);
  patchCommentAuthorEverywhere(queryClient, me.id, patch);
}

// `PUT`/`DELETE /me/avatar` are not in openapi.json yet (they come with the avatars branch):
// requestUntyped until then. Once `npm run gen:api` has them, use
// `api.PUT("/api/v1/me/avatar", { body, bodySerializer: (form) => form })` and `api.DELETE(…)`.

/**
 * `PUT /me/avatar`, multipart with one field `avatar`; answers the updated `Me`. Sent with
 * `fetch`, which reports no upload progress: the form shows a busy bar instead (the file is at
 * most 2 MB).
 */
export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["upload-avatar"],
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("avatar", file, file.name);
      return requestUntyped<Me>("PUT", "/me/avatar", { body: form });
    },
    onSuccess: (me) => showAvatarEverywhere(queryClient, me),
  });
}

/** `DELETE /me/avatar`: back to the initials; answers the updated `Me`. */
export function useRemoveAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["remove-avatar"],
    mutationFn: () => requestUntyped<Me>("DELETE", "/me/avatar"),
    onSuccess: (me) => showAvatarEverywhere(queryClient, me),
  });
}
