import { act, render } from "@testing-library/react";
import { useParams, useSearchParams, RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { applyPageMeta, clearPageMeta, pageMeta, usePageMeta } from "./page-meta";

const origin = location.origin;

/** The page links in the head, as `rel type title href`. */
function headLinks() {
  return [...document.head.querySelectorAll<HTMLLinkElement>("link[data-page-meta]")].map((link) =>
    [link.rel, link.type, link.title, link.getAttribute("href")].filter(Boolean).join(" "),
  );
}

/** What the server writes into the head for `/tags/rust` (api/src/web_app/metadata.rs). */
function serverHead(html: string) {
  document.head.insertAdjacentHTML("beforeend", html);
}

describe("page links in the head", () => {
  afterEach(() => {
    clearPageMeta();
    document.head.querySelectorAll("[data-test-keep]").forEach((element) => element.remove());
  });

  it("a tag page: its canonical address and its Atom and RSS feeds, absolute", () => {
    applyPageMeta(pageMeta.tag("Rust"));
    expect(headLinks()).toEqual([
      `canonical ${origin}/tags/rust`,
      `alternate application/atom+xml Posts tagged #rust ${origin}/api/v1/feeds/tags/rust.atom`,
      `alternate application/rss+xml Posts tagged #rust ${origin}/api/v1/feeds/tags/rust.rss`,
    ]);
  });

  it("the same rules as the server for home, hot, users and posts", () => {
    applyPageMeta(pageMeta.home("latest"));
    expect(headLinks()).toContain(`canonical ${origin}/`);
    expect(headLinks()).toContain(`alternate application/atom+xml Latest posts on Tidings ${origin}/api/v1/feeds/latest.atom`);
    applyPageMeta(pageMeta.home("timeline"));
    expect(headLinks()).toContain(`canonical ${origin}/`);
    applyPageMeta(pageMeta.home("hot"));
    expect(headLinks()).toEqual([
      `canonical ${origin}/?tab=hot`,
      `alternate application/atom+xml Hot posts on Tidings ${origin}/api/v1/feeds/hot.atom`,
      `alternate application/rss+xml Hot posts on Tidings ${origin}/api/v1/feeds/hot.rss`,
    ]);
    applyPageMeta(pageMeta.user({ name: "ann o'hara", shownName: "Ann" }, "likes"));
    expect(headLinks()).toEqual([
      `canonical ${origin}/users/ann%20o'hara/likes`,
      `alternate application/atom+xml Posts by Ann ${origin}/api/v1/feeds/users/ann%20o'hara.atom`,
      `alternate application/rss+xml Posts by Ann ${origin}/api/v1/feeds/users/ann%20o'hara.rss`,
    ]);
    applyPageMeta(pageMeta.post({ id: 12, title: "Hello" }));
    expect(headLinks()).toEqual([
      `canonical ${origin}/posts/12`,
      `alternate application/atom+xml Comments on “Hello” ${origin}/api/v1/feeds/posts/12/comments.atom`,
      `alternate application/rss+xml Comments on “Hello” ${origin}/api/v1/feeds/posts/12/comments.rss`,
    ]);
    applyPageMeta(pageMeta.tags());
    expect(headLinks()).toEqual([`canonical ${origin}/tags`]);
  });

  it("leaves the server's head alone when it is already this page's (its Open Graph tags too)", () => {
    serverHead(
      `<link rel="canonical" href="${origin}/tags/rust" data-page-meta>` +
        `<meta property="og:title" content="#rust" data-page-meta>` +
        `<link rel="alternate" type="application/atom+xml" title="Posts tagged #rust" href="${origin}/api/v1/feeds/tags/rust.atom" data-page-meta>` +
        `<link rel="alternate" type="application/rss+xml" title="Posts tagged #rust" href="${origin}/api/v1/feeds/tags/rust.rss" data-page-meta>`,
    );
    const before = [...document.head.querySelectorAll("[data-page-meta]")];
    applyPageMeta(pageMeta.tag("rust"));
    expect([...document.head.querySelectorAll("[data-page-meta]")]).toEqual(before);
  });

  it("replaces another page's head, server-written parts included, and keeps what is not the page's", () => {
    serverHead(
      `<link rel="icon" href="/favicon.svg" data-test-keep>` +
        `<link rel="canonical" href="${origin}/posts/3" data-page-meta>` +
        `<meta property="og:title" content="Old post" data-page-meta>` +
        `<link rel="alternate" type="application/atom+xml" title="Comments" href="${origin}/api/v1/feeds/posts/3/comments.atom" data-page-meta>`,
    );
    applyPageMeta(pageMeta.tag("rust"));
    expect(document.head.querySelector('meta[property="og:title"]')).toBeNull();
    expect(headLinks()).toHaveLength(3);
    expect(headLinks()[0]).toBe(`canonical ${origin}/tags/rust`);
    expect(document.head.querySelector('link[rel="icon"]')).not.toBeNull();
  });
});

describe("usePageMeta across client-side navigation", () => {
  function Home() {
    const [params] = useSearchParams();
    usePageMeta(pageMeta.home(params.get("tab") === "hot" ? "hot" : "latest"));
    return <h1>Home</h1>;
  }
  function Tag() {
    usePageMeta(pageMeta.tag(useParams().name ?? ""));
    return <h1>Tag</h1>;
  }
  function Post({ title }: { title?: string }) {
    usePageMeta(title ? pageMeta.post({ id: 5, title }) : undefined);
    return <h1>Post</h1>;
  }
  function Settings() {
    return <h1>Settings</h1>;
  }

  afterEach(() => clearPageMeta());

  it("each page puts its own links in, a page without any leaves none", async () => {
    const router = createMemoryRouter(
      [
        { path: "/", element: <Home /> },
        { path: "/tags/:name", element: <Tag /> },
        { path: "/posts/5", element: <Post title="Five" /> },
        { path: "/loading", element: <Post /> },
        { path: "/settings", element: <Settings /> },
      ],
      { initialEntries: ["/"] },
    );
    render(<RouterProvider router={router} />);
    const canonical = () => document.head.querySelector("link[rel=canonical]")?.getAttribute("href") ?? null;
    const atom = () =>
      document.head.querySelector('link[rel=alternate][type="application/atom+xml"]')?.getAttribute("href") ?? null;
    expect(canonical()).toBe(`${origin}/`);
    expect(atom()).toBe(`${origin}/api/v1/feeds/latest.atom`);

    await act(() => router.navigate("/?tab=hot"));
    expect(canonical()).toBe(`${origin}/?tab=hot`);
    expect(atom()).toBe(`${origin}/api/v1/feeds/hot.atom`);

    await act(() => router.navigate("/tags/web"));
    expect(canonical()).toBe(`${origin}/tags/web`);
    expect(atom()).toBe(`${origin}/api/v1/feeds/tags/web.atom`);
    expect(document.head.querySelectorAll("link[data-page-meta]")).toHaveLength(3);

    await act(() => router.navigate("/posts/5#comment-2"));
    expect(atom()).toBe(`${origin}/api/v1/feeds/posts/5/comments.atom`);

    await act(() => router.navigate("/settings"));
    expect(canonical()).toBeNull();
    expect(atom()).toBeNull();

    // A page whose data is still loading writes nothing yet.
    await act(() => router.navigate("/loading"));
    expect(document.head.querySelectorAll("[data-page-meta]")).toHaveLength(0);
  });
});
