export { LinkIdentityButtons } from "./link-identity.ui";
