//! Unsent text kept in localStorage, so a closed tab, a reload or a stray link does not lose it.
import { useCallback, useEffect, useRef, useState } from "react";

const PREFIX = "tidings.draft.";
const SAVE_DELAY_MS = 400;

export type StoredDraft<T> = { value: T; savedAt: number };

export function readDraft<T>(key: string): StoredDraft<T> | null {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft<T>;
    return parsed && typeof parsed === "object" && "value" in parsed ? parsed : null;
  } catch {
    return null;
  }
}

export function writeDraft<T>(key: string, value: T) {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify({ value, savedAt: Date.now() }));
  } catch {
    // Full or disabled storage: the draft lives as long as the page.
  }
}

export function clearDraft(key: string) {
  try {
    globalThis.localStorage?.removeItem(PREFIX + key);
  } catch {
    // nothing to do
  }
}

/**
 * State that is written to localStorage (debounced, and at once when the page or the component
 * goes away) while it is not empty, and starts from the stored draft when there is one.
 * `restoredAt` tells when the restored draft was saved; `clear()` forgets it for good (after
 * publishing), `save()` writes at once.
 */
export function useLocalDraft<T extends object>(key: string, initial: T, isEmpty: (value: T) => boolean) {
  const [restored] = useState(() => readDraft<T>(key));
  const [value, setValue] = useState<T>(() => (restored ? { ...initial, ...restored.value } : initial));
  const latest = useRef({ value, changed: false, cleared: false });
  const persist = useCallback(() => {
    const { value: current, changed, cleared } = latest.current;
    if (!changed || cleared) return;
    if (isEmpty(current)) clearDraft(key);
    else writeDraft(key, current);
  }, [key, isEmpty]);

  useEffect(() => {
    if (latest.current.value === value) return;
    latest.current = { value, changed: true, cleared: false };
    const timer = window.setTimeout(persist, SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [value, persist]);

  useEffect(() => {
    window.addEventListener("pagehide", persist);
    return () => {
      window.removeEventListener("pagehide", persist);
      persist();
    };
  }, [persist]);

  const clear = useCallback(() => {
    latest.current.cleared = true;
    clearDraft(key);
  }, [key]);
  return { value, setValue, restoredAt: restored?.savedAt ?? null, clear, save: persist };
}
