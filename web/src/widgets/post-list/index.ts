export { PostList } from "./post-list.ui";
