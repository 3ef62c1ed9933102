//! A markdown preview rendered in the browser, with the library (marked + DOMPurify, the same
//! sanitising as the compose preview) fetched the first time someone asks for a preview.
import { useEffect, useState } from "react";

type Renderer = (source: string) => string;
let renderer: Promise<Renderer> | null = null;
const loadRenderer = () => (renderer ??= import("./markdown").then((module) => module.renderMarkdown));

/** The sanitised HTML of `source` while `enabled`, or null while the renderer loads (or when off). */
export function useMarkdownPreview(source: string, enabled: boolean): string | null {
  const [rendered, setRendered] = useState<{ source: string; html: string } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void loadRenderer().then((render) => {
      if (live) setRendered({ source, html: render(source) });
    });
    return () => {
      live = false;
    };
  }, [source, enabled]);
  return enabled && rendered?.source === source ? rendered.html : null;
}
