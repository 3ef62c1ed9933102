export { CollectsPrivacy } from "./collects-privacy.ui";
export { useSetCollectsPublic } from "./collects-privacy.mutation";
