import { useEffect, useRef, useState, type ReactNode } from "react";

type Props = {
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  className?: string;
  action?: string;
  /** The trigger's accessible name, when its visible text is short ("Unlink" → "Unlink GitHub"). */
  label?: string;
};

/** A destructive action that asks once more inline (no modal), keeping keyboard focus in place. */
export function ConfirmButton({
  children,
  confirmLabel,
  onConfirm,
  busy,
  className = "btn btn-ghost btn-small",
  action,
  label,
}: Props) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) triggerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className={className}
        data-action={action}
        aria-label={label}
        onClick={() => setAsking(true)}
      >
        {children}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={confirmLabel}>
      <button
        ref={confirmRef}
        type="button"
        className="btn btn-danger btn-small"
        data-action={action ? `${action}-confirm` : undefined}
        disabled={busy}
        onClick={onConfirm}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
