import { CircleAlert, CircleCheck, Info } from "lucide-react";
import type { ReactNode } from "react";

type Tone = "error" | "success" | "info";
const ICONS = { error: CircleAlert, success: CircleCheck, info: Info };

/** Errors interrupt (role=alert); success and info are polite status messages. */
export function Alert({
  tone = "error",
  children,
  focusTarget = false,
}: {
  tone?: Tone;
  children: ReactNode;
  /** The general error of a form: focusable from script, found by `revealFirstError`. */
  focusTarget?: boolean;
}) {
  const Icon = ICONS[tone];
  return (
    <div
      className={`alert alert-${tone}`}
      role={tone === "error" ? "alert" : "status"}
      {...(focusTarget ? { tabIndex: -1, "data-form-error": "" } : {})}
    >
      <Icon aria-hidden="true" size={18} />
      <div>{children}</div>
    </div>
  );
}
