import { useCallback, useEffect, useRef, useState, type ComponentPropsWithoutRef } from "react";
import { invalidFields, type ApiError } from "@/shared/api";

type Props = ComponentPropsWithoutRef<"form"> & {
  /**
   * The failed submission (a mutation's error or the form's own check). Each new value moves
   * the person to it: the first invalid field, else the form's general message.
   */
  error?: unknown;
};

function prefersReducedMotion() {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * Scrolls to and focuses what went wrong in `form`: the first field marked `aria-invalid` that can
 * be seen (not in a hidden tab panel), else the general error (`[data-form-error]`). Returns it.
 */
export function revealFirstError(form: HTMLElement | null): HTMLElement | null {
  if (!form) return null;
  const fields = [...form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')].filter((field) => !field.closest("[hidden]"));
  const target = fields[0] ?? form.querySelector<HTMLElement>("[data-form-error]");
  if (!target) return null;
  if (typeof target.scrollIntoView === "function") {
    target.scrollIntoView({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
  }
  target.focus({ preventScroll: true });
  return target;
}

/**
 * A form that never leaves its errors out of sight: after a failed submit the first problem is
 * scrolled into view and focused, so a keyboard or screen-reader user lands on it too. The
 * browser's own validation bubbles are off (`noValidate`): messages come from the app.
 */
export function Form({ error, className = "form", children, ...props }: Props) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!error) return;
    // After the error has rendered (field messages, aria-invalid).
    const frame = window.requestAnimationFrame(() => revealFirstError(ref.current));
    return () => window.cancelAnimationFrame(frame);
  }, [error]);
  return (
    <form ref={ref} className={className} noValidate {...props}>
      {children}
    </form>
  );
}

/**
 * The form's own checks before sending: `check({ title: [...messages] })` keeps the failed result
 * (shown like the server's field errors) and answers whether the form may be sent.
 */
export function useFormCheck() {
  const [error, setError] = useState<ApiError | null>(null);
  const check = useCallback((fields: Record<string, string[]>) => {
    const found = invalidFields(fields);
    setError(found);
    return found === null;
  }, []);
  return { error, check };
}
