import { queryOptions, type QueryClient } from "@tanstack/react-query";
import type { ModlogEntry, Report } from "@/shared/api";
import { useCursorList } from "@/shared/lib";
import {
  fetchBanStanding,
  fetchModlogPage,
  fetchReportPage,
  fetchStaff,
  type ModlogFilter,
  type QueueView,
} from "./moderation.api";

/** Everything moderation keeps lives under `moderationKeys.all`: an action refreshes it all. */
export const moderationKeys = {
  all: ["moderation"] as const,
  queues: () => [...moderationKeys.all, "queue"] as const,
  queue: (view: QueueView) => [...moderationKeys.queues(), view.status, view.sort] as const,
  logs: () => [...moderationKeys.all, "log"] as const,
  log: (filter: ModlogFilter) => [...moderationKeys.logs(), filter] as const,
  staff: () => [...moderationKeys.all, "staff"] as const,
  banStanding: (userId: number) => [...moderationKeys.all, "ban-standing", userId] as const,
};

/** The moderators' queue, a page at a time ("Load more"). */
export function useReportQueue(view: QueueView) {
  return useCursorList<Report>(moderationKeys.queue(view), (cursor, signal) => fetchReportPage(view, cursor, signal));
}

/** The public moderation log, newest first, filtered. */
export function useModlog(filter: ModlogFilter) {
  return useCursorList<ModlogEntry>(moderationKeys.log(filter), (cursor, signal) => fetchModlogPage(filter, cursor, signal));
}

export const staffQuery = () => queryOptions({ queryKey: moderationKeys.staff(), queryFn: ({ signal }) => fetchStaff(signal) });

export const banStandingQuery = (userId: number) =>
  queryOptions({ queryKey: moderationKeys.banStanding(userId), queryFn: ({ signal }) => fetchBanStanding(userId, signal) });

/** After any moderation action: the queue, the log, the staff list and ban standings are asked again. */
export function invalidateModeration(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: moderationKeys.all });
}
