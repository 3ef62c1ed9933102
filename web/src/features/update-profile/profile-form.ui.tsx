import { useState, type FormEvent } from "react";
import type { Me } from "@/shared/api";
import { Alert, FormError, TextAreaField, TextField, fieldErrors } from "@/shared/ui";
import { useUpdateProfile } from "./update-profile.mutation";

export function ProfileForm({ me }: { me: Me }) {
  const [nickname, setNickname] = useState(me.nickname ?? "");
  const [bio, setBio] = useState(me.bio ?? "");
  const [website, setWebsite] = useState(me.website ?? "");
  const [company, setCompany] = useState(me.company ?? "");
  const update = useUpdateProfile();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ nickname: nickname.trim(), bio: bio.trim(), website: website.trim(), company: company.trim() });
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      {update.isSuccess ? <Alert tone="success">Profile saved.</Alert> : null}
      <FormError error={update.error} shownFields={["nickname", "bio", "website", "company"]} />
      <TextField label="Username" value={me.name} readOnly disabled hint="Your username cannot be changed." />
      <TextField
        label="Email"
        value={me.email}
        readOnly
        disabled
        hint={me.confirmed ? "Confirmed." : "Not confirmed yet: check your inbox."}
      />
      <TextField
        label="Display name"
        name="nickname"
        value={nickname}
        onChange={(e) => setNickname(e.target.value)}
        errors={fieldErrors(update.error, "nickname")}
        maxLength={64}
      />
      <TextAreaField
        label="Bio"
        name="bio"
        rows={3}
        value={bio}
        onChange={(e) => setBio(e.target.value)}
        errors={fieldErrors(update.error, "bio")}
        maxLength={500}
      />
      <TextField
        label="Website"
        name="website"
        type="url"
        inputMode="url"
        placeholder="https://…"
        value={website}
        onChange={(e) => setWebsite(e.target.value)}
        errors={fieldErrors(update.error, "website")}
      />
      <TextField
        label="Company"
        name="company"
        value={company}
        onChange={(e) => setCompany(e.target.value)}
        errors={fieldErrors(update.error, "company")}
        maxLength={100}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save profile"}
        </button>
      </div>
    </form>
  );
}
