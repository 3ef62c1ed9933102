import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Rss, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { ErrorState, FormError, Loading, TextField, fieldErrors } from "@/shared/ui";
import { addFeedSource, fetchFeedSources, removeFeedSource } from "./feed-sources.api";

const feedSourcesKey = ["me", "feeds"] as const;

export function FeedSources() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: feedSourcesKey, queryFn: fetchFeedSources, retry: false });
  const [url, setUrl] = useState("");
  const add = useMutation({
    mutationFn: addFeedSource,
    onSuccess: () => {
      setUrl("");
      void queryClient.invalidateQueries({ queryKey: feedSourcesKey });
    },
  });
  const remove = useMutation({
    mutationFn: removeFeedSource,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: feedSourcesKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim()) add.mutate(url.trim());
  };

  let body;
  if (list.isPending) body = <Loading />;
  else if (list.isError)
    body = (
      <ErrorState
        error={list.error}
        onRetry={() => void list.refetch()}
        comingSoon="Importing posts from RSS/Atom feeds is coming soon."
      />
    );
  else
    body = (
      <>
        {list.data.length === 0 ? (
          <p className="muted">No feeds yet. Add the address of an RSS or Atom feed to publish its entries as your posts.</p>
        ) : (
          <ul className="feed-sources">
            {list.data.map((source) => (
              <li key={source.id}>
                <Rss aria-hidden="true" size={16} />
                <span className="feed-source-url">{source.title || source.url}</span>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  aria-label={`Remove feed ${source.url}`}
                  onClick={() => remove.mutate(source.id)}
                >
                  <Trash2 aria-hidden="true" size={14} />
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="inline-form" onSubmit={submit}>
          <TextField
            label="Feed address"
            type="url"
            inputMode="url"
            placeholder="https://example.com/feed.xml"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            errors={fieldErrors(add.error, "url")}
          />
          <button type="submit" className="btn btn-secondary" disabled={add.isPending || !url.trim()}>
            <Plus aria-hidden="true" size={16} /> Add feed
          </button>
        </form>
        <FormError error={add.error} shownFields={["url"]} />
        <FormError error={remove.error} />
      </>
    );
  return (
    <section className="form" aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">Feed sources</h2>
      {body}
    </section>
  );
}
