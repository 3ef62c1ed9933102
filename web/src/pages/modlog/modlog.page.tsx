import { ScrollText } from "lucide-react";
import { useEffect, useId, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import {
  ACTION_LABELS,
  MODERATION_ACTIONS,
  ModlogEntryItem,
  isModerationAction,
  useModlog,
  type ModlogFilter,
} from "@/entities/moderation";
import { canModerate, useViewer } from "@/entities/session";
import { paths } from "@/shared/config";
import { pageMeta, useDocumentTitle, usePageMeta } from "@/shared/lib";
import { EmptyState, ErrorState, LoadMore, Loading, TextField } from "@/shared/ui";

/** The filter in the address (`?action=ban&moderator=ann&target_user=bob`): a filtered log can be linked to. */
function useFilterParams(): [ModlogFilter, (filter: ModlogFilter) => void] {
  const [params, setParams] = useSearchParams();
  const action = params.get("action");
  const filter: ModlogFilter = {
    action: isModerationAction(action) ? action : undefined,
    moderator: params.get("moderator")?.trim() || undefined,
    targetUser: params.get("target_user")?.trim() || undefined,
  };
  const apply = (next: ModlogFilter) => {
    const query = new URLSearchParams();
    if (next.action) query.set("action", next.action);
    if (next.moderator) query.set("moderator", next.moderator);
    if (next.targetUser) query.set("target_user", next.targetUser);
    setParams(query, { replace: true });
  };
  return [filter, apply];
}

const stripAt = (name: string) => name.trim().replace(/^@/, "");

function Filters({ filter, onApply }: { filter: ModlogFilter; onApply: (filter: ModlogFilter) => void }) {
  const actionId = useId();
  const [action, setAction] = useState(filter.action ?? "");
  const [moderator, setModerator] = useState(filter.moderator ?? "");
  const [targetUser, setTargetUser] = useState(filter.targetUser ?? "");
  // Following a link (or Back) to another filter shows it in the fields.
  useEffect(() => {
    setAction(filter.action ?? "");
    setModerator(filter.moderator ?? "");
    setTargetUser(filter.targetUser ?? "");
  }, [filter.action, filter.moderator, filter.targetUser]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      action: isModerationAction(action) ? action : undefined,
      moderator: stripAt(moderator) || undefined,
      targetUser: stripAt(targetUser) || undefined,
    });
  };
  const filtered = Boolean(filter.action || filter.moderator || filter.targetUser);
  return (
    <form className="card modlog-filters" role="search" aria-label="Filter the moderation log" onSubmit={submit}>
      <div className="field">
        <label htmlFor={actionId}>Action</label>
        <select id={actionId} name="action" value={action} onChange={(event) => setAction(event.target.value)}>
          <option value="">All actions</option>
          {MODERATION_ACTIONS.map((name) => (
            <option key={name} value={name}>
              {ACTION_LABELS[name]}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label="Moderator"
        name="moderator"
        value={moderator}
        onChange={(event) => setModerator(event.target.value)}
        placeholder="username"
        autoComplete="off"
      />
      <TextField
        label="Concerning"
        name="target_user"
        value={targetUser}
        onChange={(event) => setTargetUser(event.target.value)}
        placeholder="username"
        autoComplete="off"
      />
      <div className="form-actions modlog-filter-actions">
        {filtered ? (
          <button type="button" className="btn btn-ghost" onClick={() => onApply({})}>
            Clear
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary">
          Filter
        </button>
      </div>
    </form>
  );
}

/**
 * `/modlog`: every moderation action, newest first, for everyone — who (unless the site hides
 * moderators' names), what, on which post, comment or person, why, and when; a ban says until
 * when. Filtered by action, moderator and the person concerned; "Load more" goes further back.
 */
export function ModlogPage() {
  useDocumentTitle("Moderation log");
  usePageMeta(pageMeta.modlog());
  const { me } = useViewer();
  const [filter, applyFilter] = useFilterParams();
  const log = useModlog(filter);
  const filtered = Boolean(filter.action || filter.moderator || filter.targetUser);

  let body;
  if (log.isPending) body = <Loading label="Loading the moderation log…" />;
  else if (log.isError) body = <ErrorState error={log.error} onRetry={log.refetch} />;
  else if (!log.items.length)
    body = (
      <EmptyState
        title={filtered ? "Nothing matches these filters." : "No moderation actions yet."}
        icon={<ScrollText aria-hidden="true" size={28} />}
      />
    );
  else
    body = (
      <>
        <ol className="modlog-list card" aria-label="Moderation actions, newest first">
          {log.items.map((entry) => (
            <ModlogEntryItem key={entry.id} entry={entry} />
          ))}
        </ol>
        <LoadMore hasMore={log.hasMore} isLoadingMore={log.isLoadingMore} onLoadMore={log.loadMore} label="Load more actions" />
      </>
    );
  return (
    <div className="layout-narrow modlog-page">
      <div className="notifications-head">
        <h1 className="page-title">Moderation log</h1>
        {canModerate(me) ? (
          <Link to={paths.moderation} className="btn btn-ghost btn-small">
            Reports queue
          </Link>
        ) : null}
      </div>
      <p className="muted">
        Every removal, lock, ban and appointment, with the moderator&apos;s reason. Removed posts stay readable to their author
        and the moderators, and can be restored.
      </p>
      <Filters filter={filter} onApply={applyFilter} />
      {body}
    </div>
  );
}
