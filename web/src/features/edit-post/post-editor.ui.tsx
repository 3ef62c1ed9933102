import { useState, type FormEvent } from "react";
import { useTags } from "@/entities/tag";
import { toApiError, type PostDetail } from "@/shared/api";
import { FormError, TextField, fieldErrors } from "@/shared/ui";
import { MarkdownEditor } from "./markdown-editor.ui";
import { TagInput } from "./tag-input.ui";
import { useCreatePost, useUpdatePost } from "./save-post.mutation";

type Props = {
  /** The post being edited; absent when composing a new one. */
  post?: PostDetail;
  onSaved: (post: PostDetail) => void;
  onCancel?: () => void;
};

/** Field errors for `tags` may come as `tags` or `tags[2]`. */
function tagErrors(error: unknown): string[] | undefined {
  if (!error) return undefined;
  const messages = Object.entries(toApiError(error).fields)
    .filter(([name]) => name === "tags" || name.startsWith("tags["))
    .flatMap(([, list]) => list);
  return messages.length ? messages : undefined;
}

export function PostEditor({ post, onSaved, onCancel }: Props) {
  const [title, setTitle] = useState(post?.title ?? "");
  const [origUrl, setOrigUrl] = useState(post?.orig_url ?? "");
  const [content, setContent] = useState(post?.content ?? "");
  const [tags, setTags] = useState<string[]>(post?.tags ?? []);
  const [canComment, setCanComment] = useState(post?.can_comment ?? true);
  const tagList = useTags();
  const create = useCreatePost();
  const update = useUpdatePost(post?.id ?? 0);
  const save = post ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { title: title.trim(), content, tags, can_comment: canComment };
    // On edit an empty link is sent as "" (the server's way to remove it); null would mean "unchanged".
    if (post) update.mutate({ ...common, orig_url: origUrl.trim() }, { onSuccess: onSaved });
    else create.mutate({ ...common, orig_url: origUrl.trim() || null }, { onSuccess: onSaved });
  };
  const tagFieldNames = Object.keys(save.error ? toApiError(save.error).fields : {}).filter((name) => name.startsWith("tags"));

  return (
    <form className="form post-editor" onSubmit={submit} noValidate aria-label={post ? "Edit post" : "New post"}>
      <FormError error={save.error} shownFields={["title", "orig_url", "content", "can_comment", ...tagFieldNames]} />
      <TextField
        label="Title"
        name="title"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        errors={fieldErrors(save.error, "title")}
        required
        maxLength={200}
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
        onChange={(event) => setOrigUrl(event.target.value)}
        errors={fieldErrors(save.error, "orig_url")}
      />
      <MarkdownEditor label="Content" value={content} onChange={setContent} errors={fieldErrors(save.error, "content")} />
      <TagInput
        label="Tags"
        value={tags}
        onChange={setTags}
        suggestions={tagList.data?.items.map((tag) => tag.name)}
        errors={tagErrors(save.error)}
      />
      <div className="field field-checkbox">
        <input id="can-comment" type="checkbox" checked={canComment} onChange={(event) => setCanComment(event.target.checked)} />
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
    </form>
  );
}
