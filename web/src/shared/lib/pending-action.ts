//! What a visitor tried to do before signing in (a like, a bookmark), kept for this tab in
//! sessionStorage, so it can be finished once they are signed in, as Reddit and dev.to do.

export type PendingAction = { kind: "like-post" | "collect-post"; postId: number };

const STORAGE_KEY = "tidings.pending-action";
/** An action older than this was abandoned (the visitor wandered off instead of signing in). */
const MAX_AGE_MS = 30 * 60 * 1000;

export function rememberPendingAction(action: PendingAction) {
  try {
    globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify({ ...action, at: Date.now() }));
  } catch {
    // Without storage the click is simply not finished later.
  }
}

/** The pending action, removed from storage (it runs once), or null. */
export function takePendingAction(): PendingAction | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    globalThis.sessionStorage.removeItem(STORAGE_KEY);
    const value = JSON.parse(raw) as Partial<PendingAction> & { at?: number };
    if (value.kind !== "like-post" && value.kind !== "collect-post") return null;
    if (!Number.isInteger(value.postId) || Date.now() - Number(value.at) > MAX_AGE_MS) return null;
    return { kind: value.kind, postId: value.postId! };
  } catch {
    return null;
  }
}

export function hasPendingAction(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(STORAGE_KEY) !== null;
  } catch {
    return false;
  }
}
