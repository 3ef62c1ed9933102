//! Where the access and refresh tokens live (localStorage, shared by all tabs) and who is told
//! when they change.

export type SessionTokens = {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds after which the access token is expected to be refused. */
  expiresAt: number;
};

const STORAGE_KEY = "tidings.session";
type Listener = () => void;

const listeners = new Set<Listener>();
let cached: SessionTokens | null | undefined;

function read(): SessionTokens | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SessionTokens>;
    if (typeof value.accessToken !== "string" || typeof value.refreshToken !== "string") return null;
    return { accessToken: value.accessToken, refreshToken: value.refreshToken, expiresAt: Number(value.expiresAt) || 0 };
  } catch {
    return null;
  }
}

function notify() {
  for (const listener of listeners) listener();
}

export const sessionTokens = {
  get(): SessionTokens | null {
    if (cached === undefined) cached = read();
    return cached;
  },
  set(tokens: SessionTokens | null) {
    cached = tokens;
    try {
      if (tokens) globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(tokens));
      else globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // Storage can be full or disabled (private mode); the session then lasts for this tab only.
    }
    notify();
  },
  /** Stores the tokens of an AuthResponse. */
  setFromAuth(auth: { access_token: string; refresh_token: string; expires_in: number }) {
    sessionTokens.set({
      accessToken: auth.access_token,
      refreshToken: auth.refresh_token,
      expiresAt: Date.now() + auth.expires_in * 1000,
    });
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// Another tab signed in, out, or rotated the refresh token.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    cached = read();
    notify();
  });
}
