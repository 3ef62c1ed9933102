//! The built index.html: the stylesheet written into it (a `<style>` instead of a `<link>`), and
//! a Content-Security-Policy that allows same-origin everything plus exactly the inline script
//! and style the page carries, by their SHA-256 hashes — never `'unsafe-inline'`.
//!
//! Why inline: on a slow link every request costs a round trip before its first byte (562.5 ms
//! on DevTools' Fast 3G), and a `<link rel="stylesheet">` in the head holds up the first paint
//! until it has arrived. With the styles in the page, the first page the server draws into it
//! (api/src/web_app/first_paint.rs) is painted as soon as its HTML is in. The server computes the
//! same hashes for the header it sends (api/src/web_app/shell.rs).
import { createHash } from "node:crypto";
import type { Plugin } from "vite";

/** The policy before the page's own hashes are added (the server's header adds `frame-ancestors`). */
export const BASE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];

const STYLESHEET_LINK = /<link\b[^>]*\brel="stylesheet"[^>]*>/g;

/** `html` with each `<link rel="stylesheet" href>` that `source` knows replaced by a `<style>`. */
export function inlineStylesheets(html: string, source: (href: string) => string | undefined): string {
  return html.replace(STYLESHEET_LINK, (link) => {
    const href = /\bhref="([^"]+)"/.exec(link)?.[1];
    const css = href ? source(href) : undefined;
    if (css === undefined) return link;
    if (/<\/style/i.test(css)) throw new Error(`${href} contains "</style", which would end the inline element early`);
    return `<style>${css}</style>`;
  });
}

const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The CSP sources of the inline scripts (not data blocks, not `src` scripts) and styles of `html`. */
export function inlineSources(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attributes = match[1] ?? "";
    if (/\bsrc=/.test(attributes)) continue;
    const type = /\btype="([^"]*)"/.exec(attributes)?.[1];
    if (type && !["module", "text/javascript", "application/javascript"].includes(type)) continue;
    scripts.push(hash(match[2] ?? ""));
  }
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((match) => hash(match[1] ?? ""));
  return { scripts, styles };
}

/** BASE_POLICY with the inline sources of `html` added to script-src and style-src. */
export function policyFor(html: string): string {
  const { scripts, styles } = inlineSources(html);
  return BASE_POLICY.map((directive) => {
    if (directive.startsWith("script-src ") && scripts.length) return `${directive} ${scripts.join(" ")}`;
    if (directive.startsWith("style-src ") && styles.length) return `${directive} ${styles.join(" ")}`;
    return directive;
  }).join("; ");
}

/**
 * At build: the stylesheet inlined into index.html, then the policy as a `<meta>` (for any server
 * that hands out web/dist as it is; ours sends the same policy as a header). Not in dev, where
 * Vite injects styles and inline scripts for hot reload.
 */
export function inlineStylesAndPolicy(): Plugin {
  return {
    name: "tidings-inline-styles-and-policy",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, context) {
        const bundle = context.bundle ?? {};
        const inlined = inlineStylesheets(html, (href) => {
          const asset = bundle[href.replace(/^\//, "")];
          if (asset?.type !== "asset") return undefined;
          return typeof asset.source === "string" ? asset.source : new TextDecoder().decode(asset.source);
        });
        return {
          html: inlined,
          tags: [
            {
              tag: "meta",
              attrs: { "http-equiv": "Content-Security-Policy", content: policyFor(inlined) },
              injectTo: "head-prepend",
            },
          ],
        };
      },
    },
  };
}
