import { COMMENT_SORTS, COMMENT_SORT_LABELS, commentSort } from "./comment-sort";

/** Oldest / Newest / Most liked for a comment thread; the choice is remembered. */
export function CommentSortSwitch() {
  const sort = commentSort.use();
  return (
    <fieldset className="view-switch segmented comment-sort">
      <legend className="sr-only">Sort comments</legend>
      {COMMENT_SORTS.map((name) => (
        <label key={name} className={sort === name ? "segmented-on" : undefined}>
          <input
            type="radio"
            name="comment-sort"
            value={name}
            className="sr-only"
            checked={sort === name}
            onChange={() => commentSort.set(name)}
          />
          <span>{COMMENT_SORT_LABELS[name]}</span>
        </label>
      ))}
    </fieldset>
  );
}
