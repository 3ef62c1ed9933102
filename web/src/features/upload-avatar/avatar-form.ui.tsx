import { Upload } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { toApiError, type Me } from "@/shared/api";
import { Alert, Avatar, FormError } from "@/shared/ui";
import { useUploadAvatar } from "./upload-avatar.mutation";

export function AvatarForm({ me }: { me: Me }) {
  const [file, setFile] = useState<File | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const upload = useUploadAvatar();
  useEffect(() => {
    if (!file) return setPreviewUrl(null);
    const url = URL.createObjectURL(file);
    setPreviewUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file, { onSuccess: () => setFile(null) });
  };
  const missing = upload.error && toApiError(upload.error).isMissingEndpoint;
  return (
    <form className="form" onSubmit={submit} aria-labelledby="avatar-heading">
      <h2 id="avatar-heading">Avatar</h2>
      <div className="avatar-row">
        {previewUrl ? (
          <img className="avatar" src={previewUrl} alt="New avatar preview" width={64} height={64} />
        ) : (
          <Avatar user={me} size={64} />
        )}
        <div className="field">
          <label htmlFor="avatar-file">Choose an image (PNG, JPEG or WebP)</label>
          <input
            id="avatar-file"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
      </div>
      {upload.isSuccess ? <Alert tone="success">Avatar updated.</Alert> : null}
      {missing ? (
        <Alert tone="info">Avatar upload is coming soon: this server does not accept uploads yet.</Alert>
      ) : (
        <FormError error={upload.error} />
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={!file || upload.isPending}>
          <Upload aria-hidden="true" size={16} /> {upload.isPending ? "Uploading…" : "Upload"}
        </button>
      </div>
    </form>
  );
}
