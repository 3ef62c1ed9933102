export { UnsubscribeForm } from "./unsubscribe.ui";
export { useUnsubscribe } from "./unsubscribe.mutation";
