export { AppointModeratorForm, RemoveModeratorButton } from "./manage-moderators.ui";
export { useAppointModerator, useRemoveModerator } from "./manage-moderators.mutation";
