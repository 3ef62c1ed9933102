export {
  fetchMe,
  login,
  register,
  logout,
  confirmEmail,
  confirmEmailChange,
  resendConfirmation,
  forgotPassword,
  resetPassword,
  exchangeOAuthCode,
} from "./session.api";
export {
  meKey,
  useViewer,
  useSessionTokens,
  startSession,
  watchSessionIdentity,
  isSignedInResponse,
  canModerate,
  isAdmin,
} from "./session.model";
export { useSignInGuard } from "./sign-in-guard";
export { RequireSession } from "./require-session.ui";
export { BanBanner } from "./ban-banner.ui";
