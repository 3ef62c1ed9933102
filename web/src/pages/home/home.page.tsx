import { Rss } from "lucide-react";
import { Link, useSearchParams } from "react-router";
import { useViewer } from "@/entities/session";
import { feeds, paths } from "@/shared/config";
import { pageMeta, useDocumentTitle, usePageMeta } from "@/shared/lib";
import { FeedLinks, TabLinks } from "@/shared/ui";
import { PostList } from "@/widgets/post-list";
import { TagCloud } from "@/widgets/tag-cloud";

type Tab = "timeline" | "hot" | "latest";

export function HomePage() {
  const { signedIn } = useViewer();
  const [params] = useSearchParams();
  const requested = params.get("tab");
  // Latest is the default: it is always there, and needs no follows to be useful.
  const tab: Tab = requested === "hot" || (requested === "timeline" && signedIn) ? requested : "latest";
  useDocumentTitle(tab === "timeline" ? "Your timeline" : tab === "hot" ? "Hot posts" : "Latest posts");
  usePageMeta(pageMeta.home(tab));

  const tabs = [
    ...(signedIn ? [{ to: "/?tab=timeline", label: "Timeline", active: tab === "timeline" }] : []),
    { to: "/?tab=latest", label: "Latest", active: tab === "latest" },
    { to: "/?tab=hot", label: "Hot", active: tab === "hot" },
  ];
  return (
    <div className="layout-with-sidebar">
      <div className="layout-main">
        <h1 className="page-title">{tab === "timeline" ? "Your timeline" : tab === "hot" ? "Hot posts" : "Latest posts"}</h1>
        <TabLinks label="Post lists" tabs={tabs} />
        {tab === "timeline" ? (
          <PostList
            key="timeline"
            scope={{ kind: "feed" }}
            label="Timeline"
            tools={
              <span className="feed-links">
                <Rss aria-hidden="true" size={14} />
                <Link to={`${paths.settings}#privacy`}>Your timeline in a feed reader</Link>
              </span>
            }
            empty={{ title: "Your timeline is empty.", body: <p>Follow people to see their posts here.</p> }}
          />
        ) : tab === "hot" ? (
          <PostList
            key="hot"
            scope={{ kind: "hot" }}
            label="Hot posts"
            tools={<FeedLinks feed={feeds.hot()} iconOnly />}
            unavailable="Hot posts are unavailable right now. Please try again in a moment."
            empty={{
              title: "Nothing is hot yet.",
              body: (
                <p>
                  See the <Link to="/?tab=latest">latest posts</Link> meanwhile.
                </p>
              ),
            }}
          />
        ) : (
          <PostList
            key="latest"
            scope={{ kind: "latest" }}
            label="Latest posts"
            tools={<FeedLinks feed={feeds.latest()} iconOnly />}
            empty={{
              title: "No posts yet.",
              body: signedIn ? (
                <Link to={paths.compose}>Write the first one</Link>
              ) : (
                <Link to={paths.register}>Join and write the first one</Link>
              ),
            }}
          />
        )}
      </div>
      <div className="layout-sidebar">
        {!signedIn ? (
          <aside className="card sidebar-card intro">
            <h2 className="sidebar-title">Welcome to Tidings</h2>
            <p>Share links and write-ups, discuss them, follow people whose taste you like.</p>
            <Link to={paths.register} className="btn btn-primary btn-block">
              Create an account
            </Link>
          </aside>
        ) : null}
        <TagCloud />
      </div>
    </div>
  );
}
