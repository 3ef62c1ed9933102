export { MentionTextArea } from "./mention-text-area.ui";
export { mentionFragment, insertMention, MAX_PREFIX, type MentionFragment } from "./mention-fragment";
