//! Client routes, in one place so links and the router agree.
export const paths = {
  home: "/",
  tags: "/tags",
  tag: (name: string) => `/tags/${encodeURIComponent(name)}`,
  post: (id: number) => `/posts/${id}`,
  /** A comment's permalink: its post, opened scrolled to the comment (highlighted). */
  comment: (postId: number, commentId: number) => `/posts/${postId}#comment-${commentId}`,
  editPost: (id: number) => `/posts/${id}/edit`,
  compose: "/compose",
  search: "/search",
  user: (name: string, tab?: string) => `/users/${encodeURIComponent(name)}${tab && tab !== "posts" ? `/${tab}` : ""}`,
  settings: "/settings",
  /** Settings → Notifications: what you are told about, in the app and by mail. */
  notificationSettings: "/settings#notifications",
  notifications: "/notifications",
  /** The link in a notification mail: turns that kind's mail off, after a click (`?token=…`). */
  unsubscribe: "/unsubscribe",
  signIn: "/signin",
  register: "/register",
  confirmEmail: "/confirm-email",
  /** The link mailed to a new address: the account's email changes when it is opened. */
  confirmEmailChange: "/confirm-email-change",
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  /** Where the server sends the browser back after a provider sign-in (outcome in the fragment). */
  oauthComplete: "/oauth/complete",
  /** The moderators' queue of reports (moderators only). */
  moderation: "/moderation",
  /** The public moderation log. */
  modlog: "/modlog",
  /** Appointing and removing moderators (administrators only). */
  admin: "/admin",
};

/** `/signin?next=…` back to where the visitor was. */
export function signInPath(next?: string) {
  return next && next !== paths.signIn && next !== paths.home ? `${paths.signIn}?next=${encodeURIComponent(next)}` : paths.signIn;
}

/** `/register?next=…`, the same for new accounts. */
export function registerPath(next?: string) {
  return next && next !== paths.register && next !== paths.home
    ? `${paths.register}?next=${encodeURIComponent(next)}`
    : paths.register;
}
