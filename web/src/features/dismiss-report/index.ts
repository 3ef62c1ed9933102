export { DismissReportButton } from "./dismiss-report.ui";
export { useDismissReport } from "./dismiss-report.mutation";
