import { Unlink } from "lucide-react";
import { ConfirmButton } from "@/shared/ui";

/** "Unlink", asking once more inline before it goes. */
export function UnlinkIdentityButton({
  providerName,
  busy,
  onUnlink,
}: {
  providerName: string;
  busy: boolean;
  onUnlink: () => void;
}) {
  return (
    <ConfirmButton
      className="btn btn-ghost btn-small"
      action="unlink-identity"
      label={`Unlink ${providerName}`}
      confirmLabel={`Unlink ${providerName}`}
      busy={busy}
      onConfirm={onUnlink}
    >
      <Unlink aria-hidden="true" size={14} /> Unlink
    </ConfirmButton>
  );
}
