import { CircleAlert, Inbox, LoaderCircle, RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { toApiError } from "@/shared/api";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <LoaderCircle className="spin" aria-hidden="true" size={22} />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children, icon }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="state state-empty">
      {icon ?? <Inbox aria-hidden="true" size={28} />}
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  );
}

/** A failed load: the server's message (or a clearer title), and "Try again" when it may help. */
export function ErrorState({
  error,
  onRetry,
  title,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  /** Shown instead of the server's message (e.g. a clearer one for a known status). */
  title?: string;
  children?: ReactNode;
}) {
  const apiError = toApiError(error);
  return (
    <div className="state state-error" role="alert">
      <CircleAlert aria-hidden="true" size={28} />
      <p className="state-title">{title ?? apiError.message}</p>
      {children ? <div className="state-body">{children}</div> : null}
      {onRetry ? (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          <RotateCw aria-hidden="true" size={16} /> Try again
        </button>
      ) : null}
    </div>
  );
}

export function LoadMore({
  hasMore,
  isLoadingMore,
  onLoadMore,
  label = "Load more",
}: {
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore: () => void;
  label?: string;
}) {
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button type="button" className="btn btn-secondary" onClick={onLoadMore} disabled={isLoadingMore} aria-busy={isLoadingMore}>
        {isLoadingMore ? <LoaderCircle className="spin" aria-hidden="true" size={16} /> : null}
        {isLoadingMore ? "Loading…" : label}
      </button>
    </div>
  );
}
