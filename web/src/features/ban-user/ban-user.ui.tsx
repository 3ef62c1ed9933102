import { Ban, ShieldCheck } from "lucide-react";
import { useId, useState } from "react";
import { ReasonDialog } from "@/entities/moderation";
import { fieldLimits } from "@/shared/api";
import { displayName } from "@/shared/lib";
import { TextField, fieldErrors, showToast } from "@/shared/ui";
import { useBanUser, useUnbanUser } from "./ban-user.mutation";

const BAN_REASON = fieldLimits("BanRequest", "reason");
const UNBAN_REASON = fieldLimits("ReasonRequest", "reason");
const DAYS = fieldLimits("BanRequest", "days");
const MIN_DAYS = DAYS.minimum ?? 1;
const MAX_DAYS = DAYS.maximum ?? 3650;

type User = { id: number; name: string; nickname?: string | null };

/**
 * Ban: a reason, how long (a number of days, or for good) and whether to take their posts and
 * comments out too (put back if the ban is lifted). A banned person still reads and signs in.
 */
export function BanUserButton({ user, className = "btn btn-ghost btn-small" }: { user: User; className?: string }) {
  const [open, setOpen] = useState(false);
  const [length, setLength] = useState<"days" | "good">("days");
  const [days, setDays] = useState("7");
  const [removeContent, setRemoveContent] = useState(false);
  const ban = useBanUser();
  const ids = useId();
  const name = displayName(user);
  const checkDays = (): Record<string, string[]> => {
    if (length !== "days") return {};
    const value = Number(days);
    return {
      days:
        Number.isInteger(value) && value >= MIN_DAYS && value <= MAX_DAYS
          ? []
          : [`Enter a whole number of days from ${MIN_DAYS} to ${MAX_DAYS.toLocaleString("en")}.`],
    };
  };
  return (
    <>
      <button
        type="button"
        className={className}
        aria-haspopup="dialog"
        data-action="ban-user"
        onClick={() => {
          ban.reset();
          setOpen(true);
        }}
      >
        <Ban aria-hidden="true" size={14} />
        {"Ban "}
        <span className="sr-only">{name}</span>
      </button>
      {open ? (
        <ReasonDialog
          name="ban-user"
          title={`Ban ${name}?`}
          description={
            <p>
              They can still sign in and read, but not post, comment, like, follow or report. Open reports about them are
              resolved.
            </p>
          }
          confirmLabel="Ban"
          limits={BAN_REASON}
          busy={ban.isPending}
          error={ban.error}
          checkMore={checkDays}
          onClose={() => setOpen(false)}
          onSubmit={(reason) =>
            ban.mutate(
              {
                userId: user.id,
                reason,
                ...(length === "days" ? { days: Number(days) } : {}),
                remove_content: removeContent,
              },
              {
                onSuccess: () => {
                  setOpen(false);
                  showToast(`${name} was banned.`);
                },
              },
            )
          }
        >
          {(error) => (
            <>
              <fieldset className="ban-length">
                <legend>How long</legend>
                <div className="field-checkbox">
                  <input
                    id={`${ids}-days`}
                    type="radio"
                    name="ban-length"
                    checked={length === "days"}
                    onChange={() => setLength("days")}
                  />
                  <label htmlFor={`${ids}-days`}>For a number of days</label>
                </div>
                <TextField
                  label="Days"
                  name="days"
                  type="number"
                  inputMode="numeric"
                  min={MIN_DAYS}
                  max={MAX_DAYS}
                  value={days}
                  disabled={length !== "days"}
                  onChange={(event) => setDays(event.target.value)}
                  errors={length === "days" ? fieldErrors(error, "days") : undefined}
                />
                <div className="field-checkbox">
                  <input
                    id={`${ids}-good`}
                    type="radio"
                    name="ban-length"
                    checked={length === "good"}
                    onChange={() => setLength("good")}
                  />
                  <label htmlFor={`${ids}-good`}>For good</label>
                </div>
              </fieldset>
              <div className="field-checkbox">
                <input
                  id={`${ids}-remove`}
                  type="checkbox"
                  name="remove_content"
                  checked={removeContent}
                  onChange={(event) => setRemoveContent(event.target.checked)}
                  aria-describedby={`${ids}-remove-hint`}
                />
                <label htmlFor={`${ids}-remove`}>Also remove their posts and comments</label>
              </div>
              <p className="field-hint" id={`${ids}-remove-hint`}>
                Put back if the ban is lifted.
              </p>
            </>
          )}
        </ReasonDialog>
      ) : null}
    </>
  );
}

/** Unban: lifts the ban at once, and puts back what it removed. */
export function UnbanUserButton({ user, className = "btn btn-ghost btn-small" }: { user: User; className?: string }) {
  const [open, setOpen] = useState(false);
  const unban = useUnbanUser();
  const name = displayName(user);
  return (
    <>
      <button
        type="button"
        className={className}
        aria-haspopup="dialog"
        data-action="unban-user"
        onClick={() => {
          unban.reset();
          setOpen(true);
        }}
      >
        <ShieldCheck aria-hidden="true" size={14} />
        {"Unban "}
        <span className="sr-only">{name}</span>
      </button>
      {open ? (
        <ReasonDialog
          name="unban-user"
          title={`Lift ${name}'s ban?`}
          description={<p>They can write again at once; posts and comments the ban removed come back.</p>}
          confirmLabel="Lift the ban"
          limits={UNBAN_REASON}
          busy={unban.isPending}
          error={unban.error}
          onClose={() => setOpen(false)}
          onSubmit={(reason) =>
            unban.mutate(
              { userId: user.id, reason },
              {
                onSuccess: () => {
                  setOpen(false);
                  showToast(`${name}'s ban was lifted.`);
                },
              },
            )
          }
        />
      ) : null}
    </>
  );
}
