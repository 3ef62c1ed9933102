import { X } from "lucide-react";
import { useState } from "react";
import { ReasonDialog } from "@/entities/moderation";
import { fieldLimits } from "@/shared/api";
import { showToast } from "@/shared/ui";
import { useDismissReport } from "./dismiss-report.mutation";

const REASON = fieldLimits("ReasonRequest", "reason");

/** Dismiss: nothing to act on. Closes every open report on the same target; asks why first. */
export function DismissReportButton({ reportId, openReports }: { reportId: number; openReports: number }) {
  const [open, setOpen] = useState(false);
  const dismiss = useDismissReport();
  const others = openReports - 1;
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-haspopup="dialog"
        data-action="dismiss-report"
        onClick={() => {
          dismiss.reset();
          setOpen(true);
        }}
      >
        <X aria-hidden="true" size={14} /> Dismiss
      </button>
      {open ? (
        <ReasonDialog
          name="dismiss-report"
          title="Dismiss this report?"
          description={
            <p>
              Nothing is done to what was reported.
              {others > 0 ? ` The ${others} other open report${others === 1 ? "" : "s"} on it close too.` : ""}
            </p>
          }
          confirmLabel="Dismiss"
          limits={REASON}
          busy={dismiss.isPending}
          error={dismiss.error}
          onClose={() => setOpen(false)}
          onSubmit={(reason) =>
            dismiss.mutate(
              { reportId, reason },
              {
                onSuccess: () => {
                  setOpen(false);
                  showToast("The report was dismissed.");
                },
              },
            )
          }
        />
      ) : null}
    </>
  );
}
