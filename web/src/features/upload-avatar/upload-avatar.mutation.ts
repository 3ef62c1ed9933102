import { useMutation, useQueryClient } from "@tanstack/react-query";
import { meKey } from "@/entities/session";
import { requestUntyped, type Me } from "@/shared/api";

/** `PUT /me/avatar` (multipart, field `avatar`); not in openapi.json yet. */
export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["upload-avatar"],
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("avatar", file);
      return requestUntyped<Me | undefined>("PUT", "/me/avatar", { body: form });
    },
    onSuccess: (me) => {
      if (me && typeof me === "object" && "id" in me) queryClient.setQueryData(meKey, me);
      else void queryClient.invalidateQueries({ queryKey: meKey });
    },
  });
}
