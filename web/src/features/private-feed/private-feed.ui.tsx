import { useQuery } from "@tanstack/react-query";
import { Copy, Rss } from "lucide-react";
import { useId, useRef, useState } from "react";
import type { FeedTokenCreated } from "@/shared/api";
import { copyText, fullDate, timeAgo } from "@/shared/lib";
import { Alert, ConfirmButton, ErrorState, FormError, Loading, showToast } from "@/shared/ui";
import { feedTokenKey, fetchFeedToken } from "./private-feed.api";
import { useCreateFeedToken, useRevokeFeedToken } from "./private-feed.mutation";

/** One address with a Copy button; if copying fails, the address is selected for copying by hand. */
function FeedAddress({ label, url, format }: { label: string; url: string; format: string }) {
  const id = useId();
  const fieldRef = useRef<HTMLInputElement>(null);
  const [manual, setManual] = useState(false);
  const copy = async () => {
    if (await copyText(url)) {
      showToast(`${label} copied`);
    } else {
      setManual(true);
      fieldRef.current?.focus();
      fieldRef.current?.select();
    }
  };
  return (
    <div className="private-feed-address" data-feed-format={format}>
      <label htmlFor={id}>{label}</label>
      <div className="private-feed-copy">
        <input
          ref={fieldRef}
          id={id}
          className="share-copy-url"
          readOnly
          value={url}
          onFocus={(event) => event.target.select()}
          aria-describedby={manual ? `${id}-manual` : undefined}
        />
        <button type="button" className="btn btn-secondary btn-small" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          <Copy aria-hidden="true" size={14} /> Copy
        </button>
      </div>
      {manual ? (
        <p className="field-hint" id={`${id}-manual`}>
          Copying did not work here: the address is selected, copy it with your keyboard or menu.
        </p>
      ) : null}
    </div>
  );
}

/**
 * Settings → Privacy & data → "Private feed": your home timeline (the people you follow) as an
 * Atom or RSS feed, for a feed reader. Feed readers cannot sign in, so the address carries a secret
 * token: the server shows it once, when it is made; a new one replaces it; revoking ends it.
 */
export function PrivateFeed() {
  const status = useQuery({ queryKey: feedTokenKey, queryFn: fetchFeedToken, retry: false });
  const create = useCreateFeedToken();
  const revoke = useRevokeFeedToken();
  // Only in this component's memory: the server never shows the token again.
  const [created, setCreated] = useState<FeedTokenCreated | null>(null);

  const makeAddress = () => {
    revoke.reset();
    create.mutate(undefined, { onSuccess: setCreated });
  };
  const revokeAddress = () => {
    create.reset();
    revoke.mutate(undefined, { onSuccess: () => setCreated(null) });
  };

  let body;
  if (status.isPending) body = <Loading label="Loading your private feed…" />;
  else if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else {
    const since = status.data.created_at;
    body = (
      <>
        {created ? (
          <Alert tone="success">
            <p>
              <strong>Your private feed addresses.</strong> Copy one into your feed reader now: they are not shown again. Anyone
              who has one can read your timeline.
            </p>
            <FeedAddress label="Atom feed address" url={created.atom_url} format="atom" />
            <FeedAddress label="RSS feed address" url={created.rss_url} format="rss" />
          </Alert>
        ) : null}
        <p className="private-feed-status" data-private-feed-status={since ? "active" : "none"}>
          <Rss aria-hidden="true" size={14} />
          {/* One flex item: the row's gap would otherwise part the sentence from its full stop. */}
          <span>
            {since ? (
              <>
                You have a private feed address, made{" "}
                <time dateTime={since} title={fullDate(since)}>
                  {timeAgo(since)}
                </time>
                .
              </>
            ) : (
              "You have no private feed address."
            )}
          </span>
        </p>
        <div className="actions">
          {since ? (
            <>
              <ConfirmButton
                className="btn btn-secondary btn-small"
                confirmLabel="Replace: the current address stops working"
                onConfirm={makeAddress}
                busy={create.isPending}
                action="replace-feed-token"
              >
                Replace address
              </ConfirmButton>
              <ConfirmButton
                confirmLabel="Revoke: the address stops working"
                onConfirm={revokeAddress}
                busy={revoke.isPending}
                action="revoke-feed-token"
              >
                Revoke
              </ConfirmButton>
            </>
          ) : (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={makeAddress}
              disabled={create.isPending}
              data-action="create-feed-token"
            >
              Create feed address
            </button>
          )}
        </div>
        <FormError error={create.error} />
        <FormError error={revoke.error} />
      </>
    );
  }
  return (
    <section className="form" aria-labelledby="private-feed-heading" data-private-feed="">
      <h3 id="private-feed-heading">Private feed of your timeline</h3>
      <p className="field-hint">
        Read the posts of the people you follow in a feed reader. Feed readers cannot sign in, so the feed&apos;s address contains
        a secret: keep it to yourself. If it gets out, replace it; when you no longer use it, revoke it.
      </p>
      {body}
    </section>
  );
}
