export { TagCloud } from "./tag-cloud.ui";
