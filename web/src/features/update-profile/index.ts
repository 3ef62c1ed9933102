export { ProfileForm } from "./profile-form.ui";
export { useUpdateProfile } from "./update-profile.mutation";
