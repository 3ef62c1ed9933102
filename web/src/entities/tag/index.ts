export { fetchTags, useTags, tagKeys, tagsQuery } from "./tag.api";
