export { ReportButton } from "./report-button.ui";
export { ReportDialog, type ReportTarget } from "./report-dialog.ui";
export { useReportContent } from "./report-content.mutation";
