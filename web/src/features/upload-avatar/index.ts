export { AvatarForm } from "./avatar-form.ui";
