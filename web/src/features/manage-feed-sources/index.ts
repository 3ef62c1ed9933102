export { FeedSources } from "./feed-sources.ui";
