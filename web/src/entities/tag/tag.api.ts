import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/shared/api";

export const tagKeys = { all: ["tags"] as const };

export const fetchTags = (signal?: AbortSignal) => unwrap(api.GET("/api/v1/tags", { signal }));

export const tagsQuery = queryOptions({
  queryKey: tagKeys.all,
  queryFn: ({ signal }) => fetchTags(signal),
  staleTime: 5 * 60_000,
});

export function useTags() {
  return useQuery(tagsQuery);
}
