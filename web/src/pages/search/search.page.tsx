import { Search } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { paths } from "@/shared/config";
import { useDocumentTitle } from "@/shared/lib";
import { EmptyState } from "@/shared/ui";
import { PostList } from "@/widgets/post-list";

/** The server refuses longer searches (`query_too_long`). */
const MAX_QUERY_CHARS = 200;

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
    <form className="card search-form" role="search" aria-label="Search posts" onSubmit={submit}>
      <div className="field">
        <label htmlFor="search-q">Search words</label>
        <input
          id="search-q"
          name="q"
          type="search"
          value={draft}
          maxLength={MAX_QUERY_CHARS}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="What are you looking for?"
          // Opening the search screen is asking to type.
          autoFocus={!q}
        />
      </div>
      <div className="field">
        <label htmlFor="search-tag">Tag (optional)</label>
        <input
          id="search-tag"
          name="tag"
          value={draftTag}
          onChange={(e) => setDraftTag(e.target.value)}
          placeholder="e.g. rust"
        />
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
      <SearchForm key={`form:${q}|${tag}`} q={q} tag={tag} />
      {q ? (
        <PostList
          key={`results:${q}|${tag}`}
          scope={{ kind: "search", q, tag: tag || undefined }}
          label={`Search results for ${q}`}
          loadingLabel="Searching…"
          loadMoreLabel="Load more results"
          unavailable="Search is unavailable right now. Please try again in a moment."
          summary={(shown, hasMore) => (
            <>
              {hasMore ? `The first ${shown} results` : shown === 1 ? "1 result" : `${shown} results`} for “{q}”
              {tag ? ` tagged #${tag}` : ""}
            </>
          )}
          empty={{
            title: "Nothing matched.",
            body: <p>{tag ? `Try other words, or search without the tag #${tag}.` : "Try other words, or fewer of them."}</p>,
          }}
        />
      ) : (
        <EmptyState title="Type some words to search posts." icon={<Search aria-hidden="true" size={28} />}>
          {tag ? (
            <p>
              Or see every post tagged <Link to={paths.tag(tag)}>#{tag}</Link>.
            </p>
          ) : null}
        </EmptyState>
      )}
    </div>
  );
}
