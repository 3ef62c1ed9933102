import { Flag } from "lucide-react";
import { useState } from "react";
import { useViewer } from "@/entities/session";
import { showToast } from "@/shared/ui";
import { ReportDialog, type ReportTarget } from "./report-dialog.ui";

/**
 * "Report", for signed-in people on someone else's post, comment or profile: opens the report
 * dialog. `subject` ends the dialog's title and the button's name ("this post", "the comment by ann").
 */
export function ReportButton({
  target,
  authorId,
  subject,
  className = "btn btn-ghost btn-small",
}: {
  target: ReportTarget;
  /** Whose it is: nobody reports their own. */
  authorId: number;
  subject: string;
  className?: string;
}) {
  const { me } = useViewer();
  const [open, setOpen] = useState(false);
  if (!me || me.id === authorId) return null;
  return (
    <>
      <button type="button" className={className} aria-haspopup="dialog" data-action="report" onClick={() => setOpen(true)}>
        <Flag aria-hidden="true" size={14} />
        {/* The space inside the text node: one that opens the hidden span is dropped by some name computations. */}
        {"Report "}
        <span className="sr-only">{subject}</span>
      </button>
      {open ? (
        <ReportDialog
          target={target}
          title={`Report ${subject}`}
          onClose={() => setOpen(false)}
          onSent={() => {
            setOpen(false);
            showToast("Thank you: your report was sent to the moderators.");
          }}
        />
      ) : null}
    </>
  );
}
