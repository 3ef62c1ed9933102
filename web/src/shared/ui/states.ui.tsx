import { CircleAlert, Inbox, LoaderCircle, RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { toApiError, type ApiError } from "@/shared/api";

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

/** A failed load. An endpoint the server does not have yet reads as "coming soon", not as a crash. */
export function ErrorState({
  error,
  onRetry,
  title,
  children,
  comingSoon,
  isComingSoon = (e) => e.isMissingEndpoint,
}: {
  error: unknown;
  onRetry?: () => void;
  /** Shown instead of the server's message (e.g. a clearer one for a known status). */
  title?: string;
  children?: ReactNode;
  /** Text shown instead of the error when the server does not offer this yet. */
  comingSoon?: ReactNode;
  isComingSoon?: (error: ApiError) => boolean;
}) {
  const apiError = toApiError(error);
  if (comingSoon && isComingSoon(apiError)) {
    return (
      <div className="state state-empty" role="status">
        <Inbox aria-hidden="true" size={28} />
        <p className="state-title">Coming soon</p>
        <div className="state-body">{comingSoon}</div>
      </div>
    );
  }
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
