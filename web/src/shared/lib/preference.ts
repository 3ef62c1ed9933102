//! A small remembered choice (list view, …): localStorage, shared by tabs, read with a hook.
import { useSyncExternalStore } from "react";

export type Preference<T extends string> = {
  get: () => T;
  set: (value: T) => void;
  use: () => T;
};

export function createPreference<T extends string>(key: string, values: readonly T[], fallback: T): Preference<T> {
  const listeners = new Set<() => void>();
  const get = (): T => {
    try {
      const value = globalThis.localStorage?.getItem(key);
      return values.includes(value as T) ? (value as T) : fallback;
    } catch {
      return fallback;
    }
  };
  const set = (value: T) => {
    try {
      globalThis.localStorage?.setItem(key, value);
    } catch {
      // Not remembered; still changes this page.
    }
    for (const listener of listeners) listener();
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    const onStorage = (event: StorageEvent) => {
      if (event.key === key || event.key === null) listener();
    };
    window.addEventListener("storage", onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener("storage", onStorage);
    };
  };
  return { get, set, use: () => useSyncExternalStore(subscribe, get, () => fallback) };
}

/** Post lists as cards (title, excerpt, tags) or compact rows (one or two lines each). */
export const LIST_VIEWS = ["cards", "compact"] as const;
export type ListView = (typeof LIST_VIEWS)[number];
export const listView = createPreference<ListView>("tidings.list-view", LIST_VIEWS, "cards");
