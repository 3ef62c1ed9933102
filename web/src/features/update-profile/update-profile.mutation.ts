import { useMutation, useQueryClient } from "@tanstack/react-query";
import { meKey } from "@/entities/session";
import { userKeys } from "@/entities/user";
import { api, unwrap, type UpdateMeRequest } from "@/shared/api";

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["update-profile"],
    mutationFn: (body: UpdateMeRequest) => unwrap(api.PATCH("/api/v1/me", { body })),
    onSuccess: (me) => {
      queryClient.setQueryData(meKey, me);
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
}
