//! Short messages for failures that have no form to show them in (a like that did not save).
import { X } from "lucide-react";
import { useSyncExternalStore } from "react";

type Toast = { id: number; text: string };
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function showToast(text: string) {
  const id = nextId++;
  toasts = [...toasts.filter((toast) => toast.text !== text), { id, text }];
  emit();
  setTimeout(() => dismissToast(id), 6000);
}

export function dismissToast(id: number) {
  toasts = toasts.filter((toast) => toast.id !== id);
  emit();
}

export function Toasts() {
  const list = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((toast) => (
        <div key={toast.id} className="toast">
          <span>{toast.text}</span>
          <button type="button" className="btn btn-ghost btn-small" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
            <X aria-hidden="true" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
