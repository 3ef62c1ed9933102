import { useParams, useSearchParams } from "react-router";
import { paths } from "@/shared/config";
import { pageMeta, useDocumentTitle, usePageMeta } from "@/shared/lib";
import { FeedLinks, TabLinks } from "@/shared/ui";
import { PostList } from "@/widgets/post-list";
import { TagCloud } from "@/widgets/tag-cloud";

export function TagPage() {
  const { name = "" } = useParams();
  const [params] = useSearchParams();
  const sort = params.get("sort") === "hot" ? "hot" : "latest";
  useDocumentTitle(`#${name}`);
  const meta = pageMeta.tag(name);
  usePageMeta(meta);
  const base = paths.tag(name);
  return (
    <div className="layout-with-sidebar">
      <div className="layout-main">
        <h1 className="page-title">#{name}</h1>
        <TabLinks
          label={`Posts tagged ${name}`}
          tabs={[
            { to: `${base}?sort=latest`, label: "Latest", active: sort === "latest" },
            { to: `${base}?sort=hot`, label: "Hot", active: sort === "hot" },
          ]}
        />
        <PostList
          key={`${name}-${sort}`}
          scope={{ kind: "tag", tag: name, sort }}
          label={`Posts tagged ${name}`}
          unavailable={sort === "hot" ? "Hot posts are unavailable right now. Please try again in a moment." : undefined}
          empty={{ title: `No posts tagged #${name} yet.` }}
          tools={<FeedLinks feed={meta.feeds[0]!} />}
        />
      </div>
      <div className="layout-sidebar">
        <TagCloud />
      </div>
    </div>
  );
}
