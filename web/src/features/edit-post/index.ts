export { PostEditor } from "./post-editor.ui";
export { TagInput, normalizeTag } from "./tag-input.ui";
export { useCreatePost, useUpdatePost } from "./save-post.mutation";
