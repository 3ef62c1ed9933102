//! Client-side markdown for the compose preview. The saved post is rendered and sanitized by the
//! server; this is only a preview, sanitized here too.
import DOMPurify from "dompurify";
import { marked } from "marked";

export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
