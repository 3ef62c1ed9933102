import { Hash } from "lucide-react";
import { Link } from "react-router";
import { useTags } from "@/entities/tag";
import { paths } from "@/shared/config";
import { pageMeta, useDocumentTitle, usePageMeta } from "@/shared/lib";
import { EmptyState, ErrorState, Loading } from "@/shared/ui";

export function TagsPage() {
  useDocumentTitle("Tags");
  usePageMeta(pageMeta.tags());
  const tags = useTags();
  let body;
  if (tags.isPending) body = <Loading label="Loading tags…" />;
  else if (tags.isError) body = <ErrorState error={tags.error} onRetry={() => void tags.refetch()} />;
  else if (!tags.data.items.length) body = <EmptyState title="No tags yet." icon={<Hash aria-hidden="true" size={28} />} />;
  else
    body = (
      <ul className="tag-grid">
        {[...tags.data.items]
          .sort((a, b) => b.post_count - a.post_count || a.name.localeCompare(b.name))
          .map((tag) => (
            <li key={tag.name}>
              <Link className="card tag-card" to={paths.tag(tag.name)}>
                <span className="tag-card-name">#{tag.name}</span>
                <span className="muted">
                  {tag.post_count} {tag.post_count === 1 ? "post" : "posts"}
                </span>
              </Link>
            </li>
          ))}
      </ul>
    );
  return (
    <div className="layout-narrow">
      <h1 className="page-title">Tags</h1>
      {body}
    </div>
  );
}
