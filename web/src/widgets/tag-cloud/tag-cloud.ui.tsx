import { Link } from "react-router";
import { useTags } from "@/entities/tag";
import { paths } from "@/shared/config";

/** The most used tags, for a sidebar. Silent while loading or on error: it is not the main content. */
export function TagCloud({ limit = 20 }: { limit?: number }) {
  const tags = useTags();
  const items = [...(tags.data?.items ?? [])].sort((a, b) => b.post_count - a.post_count).slice(0, limit);
  if (!items.length) return null;
  return (
    <aside className="card sidebar-card" aria-labelledby="popular-tags">
      <h2 id="popular-tags" className="sidebar-title">
        Popular tags
      </h2>
      <ul className="tag-list">
        {items.map((tag) => (
          <li key={tag.name}>
            <Link className="tag" to={paths.tag(tag.name)}>
              #{tag.name} <span className="tag-count">{tag.post_count}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="sidebar-more">
        <Link to={paths.tags}>All tags</Link>
      </p>
    </aside>
  );
}
