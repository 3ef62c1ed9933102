import { useMutation, useQueryClient } from "@tanstack/react-query";
import { meKey } from "@/entities/session";
import { userKeys } from "@/entities/user";
import { api, unwrap, type Me } from "@/shared/api";

/**
 * `PATCH /me {collects_public}`. The switch moves at once; the old value comes back if the server
 * refuses. Profiles are refetched, as the bookmarks tab appears or goes with it.
 */
export function useSetCollectsPublic() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["collects-public"],
    mutationFn: (collectsPublic: boolean) => unwrap(api.PATCH("/api/v1/me", { body: { collects_public: collectsPublic } })),
    onMutate: async (collectsPublic) => {
      await queryClient.cancelQueries({ queryKey: meKey });
      const before = queryClient.getQueryData<Me>(meKey);
      if (before) queryClient.setQueryData<Me>(meKey, { ...before, collects_public: collectsPublic });
      return { before };
    },
    onError: (_error, _value, context) => {
      if (context?.before) queryClient.setQueryData(meKey, context.before);
    },
    onSuccess: (me) => {
      queryClient.setQueryData(meKey, me);
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
}
