import { Search } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useDocumentTitle } from "@/shared/lib";
import { EmptyState } from "@/shared/ui";
import { PostList } from "@/widgets/post-list";

function SearchForm({ q, tag }: { q: string; tag: string }) {
  const [, setParams] = useSearchParams();
  const [draft, setDraft] = useState(q);
  const [draftTag, setDraftTag] = useState(tag);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.trim()) next.set("q", draft.trim());
    if (draftTag.trim()) next.set("tag", draftTag.trim().replace(/^#/, ""));
    setParams(next);
  };
  return (
    <form className="card search-form" role="search" onSubmit={submit}>
      <div className="field">
        <label htmlFor="search-q">Words</label>
        <input
          id="search-q"
          type="search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="What are you looking for?"
        />
      </div>
      <div className="field">
        <label htmlFor="search-tag">Tag (optional)</label>
        <input id="search-tag" value={draftTag} onChange={(e) => setDraftTag(e.target.value)} placeholder="e.g. rust" />
      </div>
      <button type="submit" className="btn btn-primary">
        <Search aria-hidden="true" size={16} /> Search
      </button>
    </form>
  );
}

export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get("q")?.trim() ?? "";
  const tag = params.get("tag")?.trim() ?? "";
  useDocumentTitle(q ? `Search: ${q}` : "Search");
  return (
    <div className="layout-narrow">
      <h1 className="page-title">Search</h1>
      <SearchForm key={`${q}|${tag}`} q={q} tag={tag} />
      {q || tag ? (
        <PostList
          key={`${q}|${tag}`}
          scope={{ kind: "search", q, tag: tag || undefined }}
          label="Search results"
          comingSoon="Full-text search is coming soon."
          empty={{ title: "Nothing matched.", body: <p>Try other words, or fewer of them.</p> }}
        />
      ) : (
        <EmptyState title="Type some words to search posts." icon={<Search aria-hidden="true" size={28} />} />
      )}
    </div>
  );
}
