import { Ban } from "lucide-react";
import { banMessage } from "@/shared/api";
import { useViewer } from "./session.model";

/**
 * At the top of every page while the signed-in account is banned (`GET /me`'s `ban`): until when,
 * and the moderator's reason. Not a live region: it is there from the start, not news; a write
 * refused meanwhile says the same in its own error.
 */
export function BanBanner() {
  const { me } = useViewer();
  if (!me?.ban) return null;
  return (
    <div className="alert alert-error ban-banner" data-ban-banner="">
      <Ban aria-hidden="true" size={18} />
      <div>
        <p>
          <strong>{banMessage(me.ban)}</strong>
        </p>
        <p>
          You can read and sign in, but not post, comment, like, follow or report
          {me.ban.until ? " until then" : ""}.
        </p>
      </div>
    </div>
  );
}
