import { ScrollText, ShieldCheck, ShieldOff } from "lucide-react";
import { Link, useSearchParams } from "react-router";
import { useReportQueue } from "@/entities/moderation";
import { RequireSession, canModerate } from "@/entities/session";
import type { QueueFilter, QueueSort } from "@/shared/api";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { EmptyState, ErrorState, LoadMore, Loading, TabLinks } from "@/shared/ui";
import { ReportCard } from "./report-card.ui";

const SORT_LABELS: Record<QueueSort, string> = { newest: "Newest", most_reported: "Most reported" };

function queuePath(status: QueueFilter, sort: QueueSort = "newest") {
  const query = new URLSearchParams();
  if (status !== "open") query.set("status", status);
  if (sort !== "newest") query.set("sort", sort);
  const search = query.toString();
  return search ? `${paths.moderation}?${search}` : paths.moderation;
}

/** Newest first, or the targets with the most open reports first (open reports only, as the server sorts). */
function SortSwitch({ sort }: { sort: QueueSort }) {
  const [, setParams] = useSearchParams();
  return (
    <fieldset className="view-switch segmented queue-sort">
      <legend className="sr-only">Order</legend>
      {(["newest", "most_reported"] as const).map((name) => (
        <label key={name} className={sort === name ? "segmented-on" : undefined}>
          <input
            type="radio"
            name="queue-sort"
            value={name}
            className="sr-only"
            checked={sort === name}
            onChange={() => setParams(new URLSearchParams(name === "newest" ? {} : { sort: name }), { replace: true })}
          />
          <span>{SORT_LABELS[name]}</span>
        </label>
      ))}
    </fieldset>
  );
}

function Queue() {
  const [params] = useSearchParams();
  const status: QueueFilter = params.get("status") === "closed" ? "closed" : "open";
  const sort: QueueSort = status === "open" && params.get("sort") === "most_reported" ? "most_reported" : "newest";
  const queue = useReportQueue({ status, sort });
  const listLabel = status === "open" ? `Open reports, ${SORT_LABELS[sort].toLowerCase()} first` : "Closed reports, newest first";

  let body;
  if (queue.isPending) body = <Loading label="Loading reports…" />;
  else if (queue.isError) body = <ErrorState error={queue.error} onRetry={queue.refetch} />;
  else if (!queue.items.length)
    body = (
      <EmptyState
        title={status === "open" ? "No open reports." : "No closed reports yet."}
        icon={<ShieldCheck aria-hidden="true" size={28} />}
      >
        {status === "open" ? <p>When someone reports a post, a comment or a person, it shows here.</p> : null}
      </EmptyState>
    );
  else
    body = (
      <>
        <ol className="report-list" aria-label={listLabel}>
          {queue.items.map((report) => (
            <ReportCard key={report.id} report={report} />
          ))}
        </ol>
        <LoadMore
          hasMore={queue.hasMore}
          isLoadingMore={queue.isLoadingMore}
          onLoadMore={queue.loadMore}
          label="Load more reports"
        />
      </>
    );
  return (
    <div className="layout-narrow moderation-page">
      <div className="notifications-head">
        <h1 className="page-title">Moderation</h1>
        <Link to={paths.modlog} className="btn btn-ghost btn-small">
          <ScrollText aria-hidden="true" size={16} /> Moderation log
        </Link>
      </div>
      <div className="list-toolbar">
        <TabLinks
          label="Reports"
          tabs={[
            { to: queuePath("open"), label: "Open", active: status === "open" },
            { to: queuePath("closed"), label: "Closed", active: status === "closed" },
          ]}
        />
        {status === "open" ? <SortSwitch sort={sort} /> : null}
      </div>
      {body}
    </div>
  );
}

function ModeratorsOnly() {
  return (
    <div className="layout-narrow">
      <h1 className="page-title">Moderation</h1>
      <EmptyState title="This page is for moderators only." icon={<ShieldOff aria-hidden="true" size={28} />}>
        <p>
          What moderators do is public: see the <Link to={paths.modlog}>moderation log</Link>. To point something out to them, use
          Report on the post, comment or profile.
        </p>
      </EmptyState>
    </div>
  );
}

/** `/moderation`: the reports queue, for moderators (others are told it is not for them). */
export function ModerationPage() {
  useDocumentTitle("Moderation");
  return <RequireSession>{(me) => (canModerate(me) ? <Queue /> : <ModeratorsOnly />)}</RequireSession>;
}
