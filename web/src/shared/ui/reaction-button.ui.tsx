import type { LucideIcon } from "lucide-react";
import { compactNumber } from "@/shared/lib";

type Props = {
  icon: LucideIcon;
  /** Accessible name, the same whether pressed or not (the state is aria-pressed). */
  label: string;
  pressed: boolean;
  count?: number;
  action: string;
  busy?: boolean;
  onToggle: () => void;
};

/**
 * A toggle (like, bookmark) with its count; its state is announced via aria-pressed. The name
 * ("Like (3)") is the button's own text, the label hidden from sight around the visible count,
 * not an aria-label: a name that contains the visible text is what speech input users say
 * (axe: label-content-name-mismatch).
 */
export function ReactionButton({ icon: Icon, label, pressed, count, action, busy, onToggle }: Props) {
  return (
    <button
      type="button"
      className={`action action-${action}${pressed ? " action-on" : ""}`}
      aria-pressed={pressed}
      title={label}
      data-action={action}
      aria-busy={busy || undefined}
      onClick={() => {
        if (!busy) onToggle();
      }}
    >
      <Icon aria-hidden="true" size={16} fill={pressed ? "currentColor" : "none"} />
      {count !== undefined ? (
        <>
          <span className="sr-only">{label} (</span>
          <span data-count>{compactNumber(count)}</span>
          <span className="sr-only">)</span>
        </>
      ) : (
        <span className="sr-only">{label}</span>
      )}
    </button>
  );
}
