export { fetchProfile, fetchUserPage, fetchUserSuggestions, setFollow, type UserListKind } from "./user.api";
export { userKeys, profileQuery, useUserList } from "./user.queries";
export { patchFollowEverywhere, patchUserEverywhere } from "./user.cache";
export { UserRow } from "./user-row.ui";
