import { Trash2, Upload } from "lucide-react";
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { toApiError, type Me } from "@/shared/api";
import { Alert, Avatar, ConfirmButton, Form, FormError } from "@/shared/ui";
import { AVATAR_TYPES, avatarFileProblem } from "./avatar-file";
import { useRemoveAvatar, useUploadAvatar } from "./upload-avatar.mutation";

const PREVIEW_SIZE = 96;

/** A `blob:` address for the chosen file while it is chosen (the CSP allows `blob:` images). */
function useObjectUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file || typeof URL.createObjectURL !== "function") {
      setUrl(null);
      return;
    }
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  return url;
}

/** The messages for the file field: the local check first, then what the server said of the file. */
function fileMessages(problem: string | null, error: unknown): string[] {
  if (problem) return [problem];
  if (!error) return [];
  const apiError = toApiError(error);
  if (apiError.status === 413) return ["The image is too large: an avatar can be at most 2 MB."];
  return apiError.field("avatar");
}

export function AvatarForm({ me }: { me: Me }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const previewUrl = useObjectUrl(file);
  const upload = useUploadAvatar();
  const remove = useRemoveAvatar();

  const clearInput = () => {
    if (inputRef.current) inputRef.current.value = "";
  };
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    upload.reset();
    remove.reset();
    setNotice(null);
    const why = chosen ? avatarFileProblem(chosen) : null;
    setProblem(why);
    setFile(why ? null : chosen);
  };
  const cancel = () => {
    setFile(null);
    setProblem(null);
    upload.reset();
    clearInput();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file || upload.isPending) return;
    upload.mutate(file, {
      onSuccess: () => {
        setFile(null);
        clearInput();
        setNotice("Your new avatar is saved.");
      },
    });
  };
  // A file can claim to be a PNG and not be one: the preview then fails to load, and showing its
  // alt text in a broken frame would look like the app broke. Say what happened instead.
  const unreadable = () => {
    const name = file?.name ?? "This file";
    setFile(null);
    clearInput();
    setProblem(`“${name}” could not be read as an image. Choose a PNG, JPEG or WebP picture.`);
  };
  const removeAvatar = () => {
    upload.reset();
    setNotice(null);
    remove.mutate(undefined, { onSuccess: () => setNotice("Your avatar is removed.") });
  };

  const messages = fileMessages(problem, upload.error);
  // Errors that are not about the file itself (signed out, server down) go above the form.
  const generalError = (upload.error && !messages.length ? upload.error : null) ?? remove.error;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <Form
      className="form avatar-form"
      error={problem ?? upload.error ?? remove.error}
      onSubmit={submit}
      aria-labelledby={`${id}-heading`}
      aria-busy={upload.isPending}
    >
      <h3 id={`${id}-heading`}>Avatar</h3>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {generalError ? <FormError error={generalError} shownFields={["avatar"]} /> : null}
      <div className="avatar-row">
        {previewUrl ? (
          <img
            className="avatar"
            src={previewUrl}
            alt="Preview of your new avatar"
            width={PREVIEW_SIZE}
            height={PREVIEW_SIZE}
            data-avatar-preview
            onError={unreadable}
          />
        ) : (
          <Avatar user={me} size={PREVIEW_SIZE} />
        )}
        <div className={`field avatar-field${messages.length ? " field-invalid" : ""}`}>
          <label htmlFor={`${id}-file`}>Choose an image</label>
          <input
            ref={inputRef}
            id={`${id}-file`}
            name="avatar"
            type="file"
            accept={AVATAR_TYPES.join(",")}
            onChange={choose}
            disabled={upload.isPending}
            aria-invalid={messages.length ? true : undefined}
            aria-describedby={messages.length ? `${hintId} ${errorId}` : hintId}
          />
          <p className="field-hint" id={hintId}>
            PNG, JPEG or WebP, at most 2 MB. It is shown as a circle.
          </p>
          {messages.length ? (
            <ul className="field-errors" id={errorId} role="alert">
              {messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {upload.isPending ? (
        <div className="upload-progress" role="status">
          <progress aria-label="Uploading your avatar" />
          <span>Uploading {file?.name}…</span>
        </div>
      ) : null}
      <div className="form-actions">
        {file ? (
          <button type="button" className="btn btn-ghost" onClick={cancel} disabled={upload.isPending}>
            Cancel
          </button>
        ) : me.avatar ? (
          <ConfirmButton
            className="btn btn-ghost"
            action="remove-avatar"
            confirmLabel="Remove avatar"
            busy={remove.isPending}
            onConfirm={removeAvatar}
          >
            <Trash2 aria-hidden="true" size={16} /> Remove avatar
          </ConfirmButton>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={!file || upload.isPending}>
          <Upload aria-hidden="true" size={16} /> {upload.isPending ? "Uploading…" : "Upload avatar"}
        </button>
      </div>
    </Form>
  );
}
