import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BASE_POLICY, inlineSources, inlineStylesheets, policyFor } from "./inline-policy";

const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("the built index.html", () => {
  it("carries the stylesheet in a <style> instead of a <link>", () => {
    const html =
      '<head><link rel="stylesheet" crossorigin href="/assets/index-1.css"><link rel="icon" href="/favicon.svg"></head>';
    expect(inlineStylesheets(html, (href) => (href === "/assets/index-1.css" ? "body{margin:0}" : undefined))).toBe(
      '<head><style>body{margin:0}</style><link rel="icon" href="/favicon.svg"></head>',
    );
    // A stylesheet the bundle does not have stays a link.
    expect(inlineStylesheets(html, () => undefined)).toBe(html);
    expect(() => inlineStylesheets(html, () => "a{content:'</style>'}")).toThrow(/<\/style/);
  });

  it("allows its inline script and style by hash, and nothing else inline", () => {
    const html =
      '<script>go()</script><script type="module" src="/a.js"></script>' +
      '<script type="application/json">{"a":1}</script><style>p{color:red}</style>';
    expect(inlineSources(html)).toEqual({ scripts: [sha("go()")], styles: [sha("p{color:red}")] });
    const policy = policyFor(html);
    expect(policy).toContain(`script-src 'self' ${sha("go()")};`);
    expect(policy).toContain(`style-src 'self' ${sha("p{color:red}")};`);
    expect(policy).not.toContain("unsafe-inline");
    expect(policyFor("<p>no inline code</p>")).toBe(BASE_POLICY.join("; "));
  });
});
