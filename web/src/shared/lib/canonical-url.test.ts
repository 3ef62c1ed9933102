import { afterEach, describe, expect, it } from "vitest";
import { canonicalUrl, siteBaseOf } from "./canonical-url";

function withCanonical(href: string | null, marked = true) {
  document.head.querySelectorAll('link[rel="canonical"]').forEach((link) => link.remove());
  if (href === null) return;
  const link = document.createElement("link");
  link.rel = "canonical";
  link.href = href;
  if (marked) link.setAttribute("data-page-meta", "");
  document.head.append(link);
}

describe("the site's public base, from the server's canonical link", () => {
  afterEach(() => withCanonical(null));

  it("is the canonical link's origin when the site is at the root", () => {
    withCanonical("https://news.example.org/posts/12");
    expect(siteBaseOf(document, "http://127.0.0.1:8080")).toBe("https://news.example.org");
    withCanonical("https://news.example.org/");
    expect(siteBaseOf(document, "http://127.0.0.1:8080")).toBe("https://news.example.org");
    withCanonical("https://news.example.org/?tab=hot");
    expect(siteBaseOf(document, "http://127.0.0.1:8080")).toBe("https://news.example.org");
  });

  it("keeps a base path in front of the page's own route", () => {
    for (const page of ["/posts/12", "/users/ann", "/users/ann/likes", "/tags/c%2B%2B", "/tags", "/", "/?tab=hot"]) {
      withCanonical(`https://example.org/tidings${page}`);
      expect(siteBaseOf(document, "http://localhost"), page).toBe("https://example.org/tidings");
    }
  });

  it("falls back to the page's own origin without a usable server-written link", () => {
    withCanonical(null);
    expect(siteBaseOf(document, "http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    withCanonical("https://elsewhere.example/posts/1", false); // not the server's page metadata
    expect(siteBaseOf(document, "http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    withCanonical("javascript:alert(1)");
    expect(siteBaseOf(document, "http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
  });

  it("builds absolute addresses from paths", () => {
    expect(canonicalUrl("/posts/12", "https://example.org")).toBe("https://example.org/posts/12");
    expect(canonicalUrl("posts/12", "https://example.org/tidings")).toBe("https://example.org/tidings/posts/12");
    // Without a server link (this test page), the page's own origin.
    expect(canonicalUrl("/posts/12")).toBe(`${location.origin}/posts/12`);
  });
});
