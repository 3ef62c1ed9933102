export { FollowButton } from "./follow-user.ui";
export { useFollowUser } from "./follow-user.mutation";
