export { SharePostButton } from "./share-post.ui";
export { sharedLinkOf, mailtoHref, serviceLinks, shareNatively, type SharedLink } from "./share-post.links";
