export { BanUserButton, UnbanUserButton } from "./ban-user.ui";
export { useBanUser, useUnbanUser } from "./ban-user.mutation";
