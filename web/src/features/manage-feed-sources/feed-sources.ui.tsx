import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, RefreshCw, Rss, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { fieldLimits, lengthAttributes, type FeedSource } from "@/shared/api";
import { fullDate, timeAgo } from "@/shared/lib";
import { ErrorState, Form, FormError, Loading, TextField, fieldErrors } from "@/shared/ui";
import { addFeedSource, feedSourcesKey, fetchFeedSources, refreshFeedSource, removeFeedSource } from "./feed-sources.api";

const URL_LIMITS = fieldLimits("CreateFeedSourceRequest", "url");

/** While a poll is queued the list is re-read every few seconds, to show its result. */
const POLL_WATCH_MS = 3000;

function FeedSourceStatus({ source }: { source: FeedSource }) {
  const imported = `${source.imported_count} ${source.imported_count === 1 ? "post" : "posts"} imported`;
  const fetched = source.last_fetched_at ? (
    <time dateTime={source.last_fetched_at} title={fullDate(source.last_fetched_at)}>
      checked {timeAgo(source.last_fetched_at)}
    </time>
  ) : (
    "not checked yet"
  );
  return (
    <div className="feed-source-status muted">
      {imported} · {fetched}
      {source.last_error && (
        <p className="feed-source-error" role="status">
          {source.last_error}
        </p>
      )}
    </div>
  );
}

export function FeedSources() {
  const queryClient = useQueryClient();
  const [watching, setWatching] = useState(false);
  const list = useQuery({
    queryKey: feedSourcesKey,
    queryFn: fetchFeedSources,
    retry: false,
    refetchInterval: watching ? POLL_WATCH_MS : false,
  });
  const [url, setUrl] = useState("");
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: feedSourcesKey });
  const add = useMutation({
    mutationFn: addFeedSource,
    onSuccess: () => {
      setUrl("");
      setWatching(true);
      invalidate();
    },
  });
  const remove = useMutation({ mutationFn: removeFeedSource, onSuccess: invalidate });
  const refresh = useMutation({
    mutationFn: refreshFeedSource,
    onSuccess: () => {
      setWatching(true);
      invalidate();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim()) add.mutate(url.trim());
  };

  let body;
  if (list.isPending) body = <Loading />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else
    body = (
      <>
        {list.data.length === 0 ? (
          <p className="muted">
            No feeds yet. Add the address of an RSS, Atom or JSON feed to publish its entries as your posts.
          </p>
        ) : (
          <ul className="feed-sources">
            {list.data.map((source) => (
              <li key={source.id}>
                <Rss aria-hidden="true" size={16} />
                <div className="feed-source-main">
                  <span className="feed-source-url" title={source.url}>
                    {source.title || source.url}
                  </span>
                  {source.title && <span className="feed-source-address muted">{source.url}</span>}
                  <FeedSourceStatus source={source} />
                </div>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  aria-label={`Check feed ${source.url} now`}
                  disabled={refresh.isPending && refresh.variables === source.id}
                  onClick={() => refresh.mutate(source.id)}
                >
                  <RefreshCw aria-hidden="true" size={14} />
                </button>
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
        <Form className="inline-form" error={add.error} onSubmit={submit} aria-label="Add a feed">
          <FormError error={add.error} shownFields={["url"]} />
          <TextField
            label="Feed address"
            type="url"
            inputMode="url"
            placeholder="https://example.com/feed.xml"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            errors={fieldErrors(add.error, "url")}
            {...lengthAttributes(URL_LIMITS)}
          />
          <button type="submit" className="btn btn-secondary" disabled={add.isPending || !url.trim()}>
            <Plus aria-hidden="true" size={16} /> Add feed
          </button>
        </Form>
        <FormError error={remove.error} />
        <FormError error={refresh.error} />
      </>
    );
  return (
    <section className="form" aria-labelledby="feeds-heading">
      <h3 id="feeds-heading">Feed sources</h3>
      {body}
    </section>
  );
}
