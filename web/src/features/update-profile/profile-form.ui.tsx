import { useState, type FormEvent } from "react";
import { checkText, fieldLimits, lengthAttributes, type Me } from "@/shared/api";
import { Alert, Form, FormError, TextAreaField, TextField, fieldErrors, useFormCheck } from "@/shared/ui";

const NICKNAME = fieldLimits("UpdateProfileRequest", "nickname");
const BIO = fieldLimits("UpdateProfileRequest", "bio");
const WEBSITE = fieldLimits("UpdateProfileRequest", "website");
const COMPANY = fieldLimits("UpdateProfileRequest", "company");
import { useUpdateProfile } from "./update-profile.mutation";

export function ProfileForm({ me }: { me: Me }) {
  const [nickname, setNickname] = useState(me.nickname ?? "");
  const [bio, setBio] = useState(me.bio ?? "");
  const [website, setWebsite] = useState(me.website ?? "");
  const [company, setCompany] = useState(me.company ?? "");
  const update = useUpdateProfile();
  const own = useFormCheck();
  const error = own.error ?? update.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = own.check({
      nickname: checkText(nickname.trim(), NICKNAME),
      bio: checkText(bio.trim(), BIO),
      website: checkText(website.trim(), WEBSITE),
      company: checkText(company.trim(), COMPANY),
    });
    if (!ok) return;
    update.mutate({ nickname: nickname.trim(), bio: bio.trim(), website: website.trim(), company: company.trim() });
  };
  return (
    <Form error={error} onSubmit={submit} aria-labelledby="profile-heading">
      <h3 id="profile-heading">Public profile</h3>
      {update.isSuccess ? <Alert tone="success">Profile saved.</Alert> : null}
      <FormError error={error} shownFields={["nickname", "bio", "website", "company"]} />
      <TextField label="Username" value={me.name} readOnly disabled hint="Your username cannot be changed." />
      <TextField
        label="Display name"
        name="nickname"
        value={nickname}
        onChange={(e) => setNickname(e.target.value)}
        errors={fieldErrors(error, "nickname")}
        {...lengthAttributes(NICKNAME)}
      />
      <TextAreaField
        label="Bio"
        name="bio"
        rows={3}
        value={bio}
        onChange={(e) => setBio(e.target.value)}
        errors={fieldErrors(error, "bio")}
        {...lengthAttributes(BIO)}
      />
      <TextField
        label="Website"
        name="website"
        type="url"
        inputMode="url"
        placeholder="https://…"
        value={website}
        onChange={(e) => setWebsite(e.target.value)}
        errors={fieldErrors(error, "website")}
        {...lengthAttributes(WEBSITE)}
      />
      <TextField
        label="Company"
        name="company"
        value={company}
        onChange={(e) => setCompany(e.target.value)}
        errors={fieldErrors(error, "company")}
        {...lengthAttributes(COMPANY)}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save profile"}
        </button>
      </div>
    </Form>
  );
}
