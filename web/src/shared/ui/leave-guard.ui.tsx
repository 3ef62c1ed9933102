import { useEffect, useRef } from "react";
import { useBlocker } from "react-router";

type Props = {
  /** Whether leaving now would leave unsent text behind (read when someone tries to leave). */
  when: () => boolean;
  /** What is kept if they leave anyway. */
  keptNote: string;
  /** Leave and forget the draft. */
  onDiscard?: () => void;
};

/**
 * Asks before a page with unsent text is left: the browser's own prompt for a reload, a closed
 * tab or another site, and this dialog for a link inside the app. Needs a data router.
 */
export function LeaveGuard({ when, keptNote, onDiscard }: Props) {
  const whenRef = useRef(when);
  whenRef.current = when;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    return currentLocation.pathname !== nextLocation.pathname && whenRef.current();
  });
  const stayRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!whenRef.current()) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers need a value to show their prompt
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const blocked = blocker.state === "blocked";
  useEffect(() => {
    if (blocked) stayRef.current?.focus();
  }, [blocked]);
  if (!blocked) return null;
  return (
    <div className="leave-dialog-backdrop">
      <div
        className="card leave-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="leave-dialog-title"
        aria-describedby="leave-dialog-text"
        onKeyDown={(event) => {
          if (event.key === "Escape") blocker.reset();
        }}
      >
        <h2 id="leave-dialog-title">Leave this page?</h2>
        <p id="leave-dialog-text">You have text that is not published yet. {keptNote}</p>
        <div className="form-actions">
          {onDiscard ? (
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                onDiscard();
                blocker.proceed();
              }}
            >
              Discard and leave
            </button>
          ) : null}
          <button type="button" className="btn btn-secondary" onClick={() => blocker.proceed()}>
            Leave
          </button>
          <button ref={stayRef} type="button" className="btn btn-primary" onClick={() => blocker.reset()}>
            Keep writing
          </button>
        </div>
      </div>
    </div>
  );
}
