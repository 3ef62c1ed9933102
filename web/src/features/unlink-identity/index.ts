export { useUnlinkIdentity } from "./unlink-identity.mutation";
export { UnlinkIdentityButton } from "./unlink-identity.ui";
