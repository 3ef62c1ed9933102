import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createReport, moderationKeys } from "@/entities/moderation";
import type { CreateReportRequest } from "@/shared/api";

/** Sends a report; a moderator who reports something sees it in their queue at once. */
export function useReportContent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["report-content"],
    mutationFn: (body: CreateReportRequest) => createReport(body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: moderationKeys.queues() }),
  });
}
