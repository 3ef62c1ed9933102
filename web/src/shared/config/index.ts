/** Every API path starts with this prefix; the SPA and the API share one origin. */
export const API_PREFIX = "/api/v1";

/** Page size asked of every cursor-paginated list. */
export const PAGE_SIZE = 20;

export { paths, signInPath, registerPath } from "./routes";
export { feeds, feedPath, FEED_MEDIA_TYPES, type Feed, type FeedFormat } from "./feeds";
export { SHARE_SERVICES, shareServiceUrl, type ShareService } from "./share-services";
