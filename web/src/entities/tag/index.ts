export { fetchTags, useTags, tagKeys } from "./tag.api";
