import { useMutation, useQueryClient } from "@tanstack/react-query";
import { identityKeys, unlinkIdentity } from "@/entities/identity";
import type { LinkedIdentities } from "@/shared/api";

/**
 * `DELETE /me/identities/{provider}`. The server refuses (409 `last_sign_in_method`) to remove
 * the only way left to sign in; its message says what to do instead.
 */
export function useUnlinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["unlink-identity"],
    mutationFn: (provider: string) => unlinkIdentity(provider),
    onSuccess: (_nothing, provider) => {
      queryClient.setQueryData<LinkedIdentities>(identityKeys.linked, (linked) =>
        linked ? { ...linked, identities: linked.identities.filter((identity) => identity.provider !== provider) } : linked,
      );
      void queryClient.invalidateQueries({ queryKey: identityKeys.linked });
    },
  });
}
