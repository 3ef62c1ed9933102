import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";

const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  "input:not([disabled])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  '[tabindex]:not([tabindex="-1"])',
].join(", ");

type Props = {
  /** The dialog's heading, which names it. */
  title: string;
  /** Escape, and the dialog's own Cancel button. */
  onClose: () => void;
  children: ReactNode;
  /** `data-dialog`, for tests and the e2e. */
  name?: string;
};

/**
 * A modal dialog over the page (a form that asks for a reason before acting). Its heading names
 * it; focus moves into it (to the element marked `data-autofocus`, else the first control) and
 * stays there (Tab wraps around), Escape closes it, and focus goes back to what opened it when
 * that is still on the page. A click beside it does nothing: it would throw typed text away.
 * Drawn at the end of `document.body`, so one opened from a comment is not part of the comment.
 * (Not `<dialog>.showModal()`: jsdom, where the tests run, does not have it.)
 */
export function Dialog({ title, onClose, children, name }: Props) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = ref.current;
    const firstControl = () =>
      box?.querySelector<HTMLElement>("[data-autofocus]") ?? box?.querySelector<HTMLElement>(FOCUSABLE) ?? null;
    firstControl()?.focus();
    // On the document, not the dialog: focus can drop out of it to the page's body (a submit
    // button it was on is disabled while sending), and Escape must still close it then, and Tab
    // bring focus back in.
    const onDocumentKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        onCloseRef.current();
      } else if (event.key === "Tab" && box && !box.contains(document.activeElement)) {
        event.preventDefault();
        firstControl()?.focus();
      }
    };
    document.addEventListener("keydown", onDocumentKeyDown);
    return () => {
      document.removeEventListener("keydown", onDocumentKeyDown);
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  /** Tab and Shift+Tab wrap around inside it. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Tab" || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className="card dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-dialog={name}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
