import { CheckCheck } from "lucide-react";
import { FormError } from "@/shared/ui";
import { useMarkAllNotificationsRead } from "./mark-all-read.mutation";

/** "Mark all read": marks read everything up to `upTo`, the newest entry on the page. */
export function MarkAllReadButton({ upTo, disabled }: { upTo: number | undefined; disabled?: boolean }) {
  const markAll = useMarkAllNotificationsRead();
  return (
    <div className="mark-all-read">
      <button
        type="button"
        className="btn btn-secondary btn-small"
        data-action="mark-all-read"
        disabled={disabled || markAll.isPending}
        aria-busy={markAll.isPending}
        onClick={() => markAll.mutate(upTo)}
      >
        <CheckCheck aria-hidden="true" size={16} /> Mark all read
      </button>
      <FormError error={markAll.error} />
    </div>
  );
}
