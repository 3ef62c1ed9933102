export { DeletePostButton } from "./delete-post.ui";
