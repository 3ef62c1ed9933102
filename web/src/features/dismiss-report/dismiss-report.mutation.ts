import { useMutation, useQueryClient } from "@tanstack/react-query";
import { dismissReport, invalidateModeration } from "@/entities/moderation";

/** Closes a report (and the other open ones on its target) without acting; the queue is asked again. */
export function useDismissReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["dismiss-report"],
    mutationFn: ({ reportId, reason }: { reportId: number; reason: string }) => dismissReport(reportId, reason),
    onSuccess: () => void invalidateModeration(queryClient),
  });
}
