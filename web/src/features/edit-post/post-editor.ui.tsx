import { useCallback, useRef, type FormEvent } from "react";
import { useTags } from "@/entities/tag";
import { checkText, fieldLimits, lengthAttributes, toApiError, type PostDetail } from "@/shared/api";
import { fullDate, useLocalDraft } from "@/shared/lib";
import { Alert, Form, FormError, LeaveGuard, TextField, fieldErrors, useFormCheck, type TextAreaComponent } from "@/shared/ui";
import { MarkdownEditor } from "./markdown-editor.ui";
import { TagInput } from "./tag-input.ui";
import { useCreatePost, useUpdatePost } from "./save-post.mutation";

// Editing sends the same fields as creating; the spec states the limits on the create request.
const TITLE = fieldLimits("CreatePostRequest", "title");
const CONTENT = fieldLimits("CreatePostRequest", "content");
const TAGS = fieldLimits("CreatePostRequest", "tags");
const ORIG_URL = fieldLimits("CreatePostRequest", "orig_url");

type Props = {
  /** The post being edited; absent when composing a new one. */
  post?: PostDetail;
  onSaved: (post: PostDetail) => void;
  onCancel?: () => void;
  /** The textarea the content is written in (compose and edit give one that suggests people after `@`). */
  textArea?: TextAreaComponent;
};

type Draft = { title: string; origUrl: string; content: string; tags: string[]; canComment: boolean };

/** Field errors for `tags` may come as `tags` or `tags[2]`. */
function tagErrors(error: unknown): string[] | undefined {
  if (!error) return undefined;
  const messages = Object.entries(toApiError(error).fields)
    .filter(([name]) => name === "tags" || name.startsWith("tags["))
    .flatMap(([, list]) => list);
  return messages.length ? messages : undefined;
}

function draftOf(post?: PostDetail): Draft {
  return {
    title: post?.title ?? "",
    origUrl: post?.orig_url ?? "",
    content: post?.content ?? "",
    tags: post?.tags ?? [],
    canComment: post?.can_comment ?? true,
  };
}

function sameDraft(a: Draft, b: Draft) {
  return (
    a.title === b.title &&
    a.origUrl === b.origUrl &&
    a.content === b.content &&
    a.canComment === b.canComment &&
    a.tags.join(",") === b.tags.join(",")
  );
}

function webAddressProblem(url: string): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? [] : ["Enter a web address starting with https://."];
  } catch {
    return ["Enter a full web address, like https://example.com/article."];
  }
}

function countHint(length: number, max: number | undefined) {
  return max === undefined ? undefined : `${length}/${max} characters`;
}

export function PostEditor({ post, onSaved, onCancel, textArea }: Props) {
  const original = useRef(draftOf(post)).current;
  const isEmpty = useCallback((draft: Draft) => sameDraft(draft, original), [original]);
  // One draft per post being edited, one for a new post: text survives reloads and stray links.
  const draft = useLocalDraft<Draft>(post ? `post-${post.id}` : "new-post", original, isEmpty);
  const { title, origUrl, content, tags, canComment } = draft.value;
  const set = (patch: Partial<Draft>) => draft.setValue((current) => ({ ...current, ...patch }));
  const saved = useRef(false);

  const tagList = useTags();
  const create = useCreatePost();
  const update = useUpdatePost(post?.id ?? 0);
  const save = post ? update : create;
  const own = useFormCheck();
  const error = own.error ?? save.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = own.check({
      title: checkText(title.trim(), TITLE, { required: true }),
      orig_url: checkText(origUrl.trim(), ORIG_URL).concat(webAddressProblem(origUrl.trim())),
      content: checkText(content, CONTENT, { required: true }),
      tags: TAGS.maxItems !== undefined && tags.length > TAGS.maxItems ? [`Use at most ${TAGS.maxItems} tags.`] : [],
    });
    if (!ok) return;
    const done = (saved_: PostDetail) => {
      saved.current = true;
      draft.clear();
      onSaved(saved_);
    };
    const common = { title: title.trim(), content, tags, can_comment: canComment };
    // On edit an empty link is sent as "" (the server's way to remove it); null would mean "unchanged".
    if (post) update.mutate({ ...common, orig_url: origUrl.trim() }, { onSuccess: done });
    else create.mutate({ ...common, orig_url: origUrl.trim() || null }, { onSuccess: done });
  };
  const tagFieldNames = Object.keys(error ? toApiError(error).fields : {}).filter((name) => name.startsWith("tags"));
  const unsaved = () => !saved.current && !sameDraft(draft.value, original);

  return (
    <Form className="form post-editor" error={error} onSubmit={submit} aria-label={post ? "Edit post" : "New post"}>
      <LeaveGuard
        when={unsaved}
        keptNote="Your draft stays on this device: it will be here when you come back."
        onDiscard={draft.clear}
      />
      {draft.restoredAt && !sameDraft(draft.value, original) ? (
        <Alert tone="info">
          <p>
            Restored your unpublished draft from {fullDate(new Date(draft.restoredAt).toISOString())}.{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                draft.clear();
                draft.setValue(original);
              }}
            >
              Discard it
            </button>
          </p>
        </Alert>
      ) : null}
      <FormError error={error} shownFields={["title", "orig_url", "content", "can_comment", ...tagFieldNames]} />
      <TextField
        label="Title"
        name="title"
        value={title}
        onChange={(event) => set({ title: event.target.value })}
        errors={fieldErrors(error, "title")}
        hint={countHint([...title].length, TITLE.maxLength)}
        required
        {...lengthAttributes(TITLE)}
        autoFocus={!post}
      />
      <TextField
        label="Link (optional)"
        name="orig_url"
        type="url"
        inputMode="url"
        placeholder="https://…"
        hint="Sharing an article? Paste its address; the title will link to it."
        value={origUrl}
        onChange={(event) => set({ origUrl: event.target.value })}
        errors={fieldErrors(error, "orig_url")}
        {...lengthAttributes(ORIG_URL)}
      />
      <MarkdownEditor
        label="Content"
        value={content}
        onChange={(text) => set({ content: text })}
        errors={fieldErrors(error, "content")}
        maxLength={CONTENT.maxLength}
        textArea={textArea}
      />
      <TagInput
        label="Tags"
        value={tags}
        onChange={(next) => set({ tags: next })}
        suggestions={tagList.data?.items.map((tag) => tag.name)}
        errors={tagErrors(error)}
        max={TAGS.maxItems}
        tagMaxLength={TAGS.items?.maxLength}
      />
      <div className="field field-checkbox">
        <input
          id="can-comment"
          type="checkbox"
          checked={canComment}
          onChange={(event) => set({ canComment: event.target.checked })}
        />
        <label htmlFor="can-comment">Allow comments</label>
      </div>
      <div className="form-actions">
        {onCancel ? (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : post ? "Save changes" : "Publish"}
        </button>
      </div>
    </Form>
  );
}
