export { PrivateFeed } from "./private-feed.ui";
export { feedTokenKey } from "./private-feed.api";
