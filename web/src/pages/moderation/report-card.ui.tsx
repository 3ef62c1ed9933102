import { Flag } from "lucide-react";
import { Link } from "react-router";
import { BanUserButton } from "@/features/ban-user";
import { DismissReportButton } from "@/features/dismiss-report";
import { ModerateCommentButton } from "@/features/moderate-comment";
import { ModeratePostButton } from "@/features/moderate-post";
import { ACTION_LABELS, REPORT_STATUS_LABELS, reportKindLabel } from "@/entities/moderation";
import type { Report } from "@/shared/api";
import { paths } from "@/shared/config";
import { displayName } from "@/shared/lib";
import { Avatar, TimeAgo } from "@/shared/ui";

const TARGET_NAMES = { post: "Post", comment: "Comment", user: "User" } as const;

/** Where the reported thing is: the post, the comment in its thread, the person's profile. */
function targetPath(target: Report["target"]): string | null {
  if (target.kind === "post") return paths.post(target.id);
  if (target.kind === "comment") return target.post_id ? paths.comment(target.post_id, target.id) : null;
  return paths.user(target.author.name);
}

const OPEN_LINK = { post: "Open the post", comment: "See it in its thread", user: "Open the profile" } as const;

/**
 * The action that fits the target, if it can still be taken: Remove a post or comment, Ban a
 * person. Something removed already (or deleted since) has none; Dismiss is always there.
 */
function TargetAction({ report }: { report: Report }) {
  const { target } = report;
  if (target.removed || !target.exists) return null;
  if (target.kind === "post") return <ModeratePostButton postId={target.id} action="remove" />;
  if (target.kind === "comment" && target.post_id)
    return (
      <ModerateCommentButton
        commentId={target.id}
        postId={target.post_id}
        action="remove"
        authorName={displayName(target.author)}
      />
    );
  if (target.kind === "user") return <BanUserButton user={target.author} />;
  return null;
}

/**
 * One report in the queue: its kind and the reporter's words, who reported it and when, how many
 * open reports its target has, and the target in context (title, the start of the text, its
 * author, a link to it), with what can be done: act on the target, or dismiss.
 */
export function ReportCard({ report }: { report: Report }) {
  const { target } = report;
  const path = targetPath(target);
  const headingId = `report-${report.id}-heading`;
  const others = report.open_reports;
  return (
    <li className="card report-card" data-report-id={report.id} data-target-kind={target.kind} data-status={report.status}>
      <article aria-labelledby={headingId}>
        <header className="report-head">
          <Flag aria-hidden="true" size={16} />
          <h2 id={headingId} className="report-title">
            {reportKindLabel(report.kind)}
            <span className="sr-only">: a report on a {target.kind}</span>
          </h2>
          <span className="muted">
            by{" "}
            <Link to={paths.user(report.reporter.name)} className="report-reporter">
              {displayName(report.reporter)}
            </Link>{" "}
            · <TimeAgo iso={report.created_at} />
          </span>
          {report.status === "open" && others > 1 ? (
            <span className="badge badge-warning" data-open-reports={others}>
              {others} open reports
            </span>
          ) : null}
          {report.status !== "open" ? (
            <span className="badge" data-report-status={report.status}>
              {REPORT_STATUS_LABELS[report.status]}
              {report.action && report.status === "resolved" ? `: ${ACTION_LABELS[report.action].toLowerCase()}` : ""}
            </span>
          ) : null}
        </header>
        {report.reason ? <blockquote className="report-reason">{report.reason}</blockquote> : null}
        <section className="report-target" aria-label={`The reported ${target.kind}`}>
          <p className="report-target-head">
            <span className="muted">{TARGET_NAMES[target.kind]}</span>
            {target.kind !== "user" ? (
              <>
                <span className="muted">by</span>
                <Avatar user={target.author} size={20} />
                <Link to={paths.user(target.author.name)}>{displayName(target.author)}</Link>
              </>
            ) : (
              <>
                <Avatar user={target.author} size={20} />
                <Link to={paths.user(target.author.name)}>
                  {displayName(target.author)} <span className="muted">@{target.author.name}</span>
                </Link>
              </>
            )}
            {target.removed ? <span className="badge badge-danger">{target.kind === "user" ? "Banned" : "Removed"}</span> : null}
            {!target.exists ? <span className="badge">Deleted since</span> : null}
          </p>
          {target.title ? (
            <p className="report-target-title">
              {target.kind === "comment" ? <span className="muted">On </span> : null}
              {target.post_id ? <Link to={paths.post(target.post_id)}>{target.title}</Link> : target.title}
            </p>
          ) : null}
          {target.excerpt ? <p className="report-target-excerpt">{target.excerpt}</p> : null}
          {path && target.exists ? (
            <p>
              <Link to={path} data-report-target-link="">
                {OPEN_LINK[target.kind]}
              </Link>
            </p>
          ) : null}
        </section>
        {report.status === "open" ? (
          <footer className="report-actions" role="group" aria-label="Actions">
            <TargetAction report={report} />
            <DismissReportButton reportId={report.id} openReports={others} />
          </footer>
        ) : null}
      </article>
    </li>
  );
}
