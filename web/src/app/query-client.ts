import { MutationCache, QueryClient } from "@tanstack/react-query";
import { meKey } from "@/entities/session";
import { toApiError } from "@/shared/api";
import { showToast } from "@/shared/ui";

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: { errorToast?: string };
  }
}

export function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not change on retry; a network blip or 5xx might.
        retry: (failures, error) => {
          const status = toApiError(error).status;
          return status >= 400 && status < 500 ? false : failures < 2;
        },
      },
    },
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        const apiError = toApiError(error);
        const text = mutation.options.meta?.errorToast;
        if (text) showToast(`${text} ${apiError.message}`);
        // Banned since `me` was read: read it again, so the banner at the top says so.
        if (apiError.code === "banned") void queryClient.invalidateQueries({ queryKey: meKey });
      },
    }),
  });
  return queryClient;
}
