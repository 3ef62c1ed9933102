//! Full-page navigation to another site (a sign-in provider). One object, so tests can replace
//! `assign` (jsdom cannot navigate, and `window.location` cannot be spied on).
export const leaveSite = {
  assign(url: string) {
    window.location.assign(url);
  },
};

/** Only http(s) addresses are followed; anything else (a `javascript:` URL) is refused. */
export function isWebAddress(url: string): boolean {
  try {
    const { protocol } = new URL(url, window.location.href);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}
