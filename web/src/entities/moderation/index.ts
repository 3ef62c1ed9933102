export {
  createReport,
  fetchReportPage,
  dismissReport,
  moderatePost,
  moderateComment,
  banUser,
  unbanUser,
  appointModerator,
  removeModerator,
  fetchStaff,
  fetchModlogPage,
  fetchBanStanding,
  type QueueView,
  type PostModeration,
  type CommentModeration,
  type ModlogFilter,
  type BanStanding,
} from "./moderation.api";
export {
  moderationKeys,
  useReportQueue,
  useModlog,
  staffQuery,
  banStandingQuery,
  invalidateModeration,
} from "./moderation.queries";
export {
  REPORT_KINDS,
  REPORT_STATUS_LABELS,
  MODERATION_ACTIONS,
  ACTION_LABELS,
  reportKindLabel,
  isModerationAction,
  describeModlogEntry,
  modlogTargetPath,
  modlogTargetText,
  type ReportKindInfo,
  type ModlogWords,
} from "./moderation-text";
export { ModlogEntryItem } from "./modlog-entry.ui";
export { ReasonDialog } from "./reason-dialog.ui";
