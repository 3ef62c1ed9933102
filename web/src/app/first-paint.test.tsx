/// <reference types="node" />
import { QueryClientProvider } from "@tanstack/react-query";
import { act } from "@testing-library/react";
import {
  Bookmark,
  ExternalLink,
  Hash,
  Heart,
  Home,
  List,
  LogIn,
  MessageSquare,
  Monitor,
  Moon,
  Newspaper,
  Search,
  Share2,
  Sun,
} from "lucide-react";
import { readFileSync } from "node:fs";
import type { ComponentType } from "react";
import { createRoot, type Root } from "react-dom/client";
import { renderToStaticMarkup } from "react-dom/server";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sessionTokens } from "@/shared/api";
import { listView, setTheme } from "@/shared/lib";
import { LikeIcon } from "@/shared/ui";
import { makeDetail, makePost, page } from "@/test/fixtures";
import { mockApi } from "@/test/mock-api";
import { testQueryClient } from "@/test/render";
import { takeOver } from "./first-paint";
import { routes } from "./router";

/** A promise and the function that settles it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** `#root` as the server sends it: its page inside, marked as drawn by the server. */
function serverPage(html: string): HTMLElement {
  const root = document.createElement("div");
  root.id = "root";
  root.setAttribute("data-first-paint", "");
  root.innerHTML = html;
  document.body.append(root);
  return root;
}

/**
 * Records each moment `root` showed no post (nothing, or a loading state in its place). What
 * loads below the post (its comments) is not a gap.
 */
function watchForGaps(root: HTMLElement) {
  const gaps: string[] = [];
  const observer = new MutationObserver(() => {
    if (!root.querySelector("[data-post-id]")) gaps.push(root.querySelector(".state-loading") ? "loading" : "no post");
  });
  observer.observe(root, { childList: true, subtree: true });
  return { gaps, stop: () => observer.disconnect() };
}

describe("taking over the page the server drew", () => {
  let reactRoot: Root | undefined;
  beforeEach(() => {
    sessionTokens.set(null);
    window.history.replaceState(null, "", "/");
  });
  afterEach(() => {
    act(() => reactRoot?.unmount());
    reactRoot = undefined;
    document.getElementById("root")?.remove();
    window.history.replaceState(null, "", "/");
  });

  function start(root: HTMLElement, path: string, waitMs?: number) {
    const queryClient = testQueryClient();
    const router = createMemoryRouter(routes, { initialEntries: [path] });
    reactRoot = createRoot(root);
    const app = reactRoot;
    return takeOver(
      root,
      () =>
        app.render(
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>,
        ),
      { router, queryClient, waitMs },
    );
  }

  it("keeps the server's home page until the app's first render has the cards, then replaces it in one step", async () => {
    const posts = deferred<unknown>();
    mockApi({ "GET /posts": () => posts.promise, "GET /tags": () => ({ items: [{ name: "rust", post_count: 2 }] }) });
    const root = serverPage('<main><article data-post-id="1">Drawn by the server</article></main>');
    const watch = watchForGaps(root);

    const done = start(root, "/");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(root).toHaveTextContent("Drawn by the server");
    expect(root).toHaveAttribute("data-first-paint");

    await act(async () => {
      posts.resolve(page([makePost(1), makePost(2)]));
      await done;
    });
    watch.stop();
    expect(root).not.toHaveTextContent("Drawn by the server");
    expect(root.querySelectorAll("[data-post-id]")).toHaveLength(2);
    expect(root).toHaveTextContent("Popular tags");
    expect(root).not.toHaveAttribute("data-first-paint");
    expect(watch.gaps).toEqual([]);
  });

  it("a post page: the lazy page's code and the post are in before the server's page goes", async () => {
    const post = deferred<unknown>();
    mockApi({
      "GET /posts/{id}": () => post.promise,
      "GET /posts/{id}/comments": () => ({ items: [], next_cursor: null, total: 0 }),
    });
    window.history.replaceState(null, "", "/posts/7");
    const root = serverPage('<main><article data-post-id="7">Drawn by the server</article></main>');
    const watch = watchForGaps(root);

    const done = start(root, "/posts/7");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(root).toHaveTextContent("Drawn by the server");

    await act(async () => {
      post.resolve(makeDetail(7, { title: "The post itself", content_html: "<p>Body</p>" }));
      await done;
    });
    watch.stop();
    expect(root.querySelector("h1")).toHaveTextContent("The post itself");
    expect(root).toHaveTextContent("Body");
    expect(watch.gaps).toEqual([]);
  });

  it("does not wait forever: after the limit the app draws what it has", async () => {
    mockApi({ "GET /posts": () => new Promise(() => {}), "GET /tags": () => ({ items: [] }) });
    const root = serverPage("<main>Drawn by the server</main>");
    await act(async () => {
      await start(root, "/", 50);
    });
    expect(root).not.toHaveTextContent("Drawn by the server");
    expect(root.querySelector(".state-loading")).not.toBeNull();
  });

  it("draws at once when the server drew nothing", async () => {
    mockApi({ "GET /posts": () => new Promise(() => {}), "GET /tags": () => ({ items: [] }) });
    const root = document.createElement("div");
    document.body.append(root);
    await act(async () => {
      await start(root, "/");
    });
    expect(root.querySelector(".state-loading")).not.toBeNull();
  });
});

describe("index.html's first script", () => {
  const html = readFileSync(`${process.cwd()}/index.html`, "utf8");
  const code = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
  const run = () => new Function(code)() as void;
  const element = document.documentElement;

  afterEach(() => {
    for (const name of ["data-theme", "data-signed-in", "data-list-view"]) element.removeAttribute(name);
  });

  it("marks <html> with what the app remembers, under the keys the app uses", () => {
    setTheme("dark");
    sessionTokens.set({ accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 60_000 });
    listView.set("compact");
    for (const name of ["data-theme", "data-signed-in", "data-list-view"]) element.removeAttribute(name);
    run();
    expect(element).toHaveAttribute("data-theme", "dark");
    expect(element).toHaveAttribute("data-signed-in");
    expect(element).toHaveAttribute("data-list-view", "compact");
  });

  it("marks nothing for a first visit", () => {
    sessionTokens.set(null);
    run();
    expect(element).not.toHaveAttribute("data-theme");
    expect(element).not.toHaveAttribute("data-signed-in");
    expect(element).not.toHaveAttribute("data-list-view");
  });
});

describe("the server's icons (api/src/web_app/icons.rs)", () => {
  const source = readFileSync(`${process.cwd()}/../api/src/web_app/icons.rs`, "utf8");
  const icons = Object.fromEntries(
    [...source.matchAll(/pub const (\w+): Icon = Icon \{\s*class: "([^"]*)",\s*shapes: "((?:[^"\\]|\\.)*)",/g)].map((match) => [
      match[1]!,
      { className: `lucide ${match[2]!}`, shapes: match[3]!.replace(/\\"/g, '"') },
    ]),
  );
  const lucide: Record<string, ComponentType<{ size?: number; "aria-hidden"?: "true" }>> = {
    HOME: Home,
    HASH: Hash,
    SEARCH: Search,
    LOG_IN: LogIn,
    NEWSPAPER: Newspaper,
    LIST: List,
    EXTERNAL_LINK: ExternalLink,
    HEART: Heart,
    BOOKMARK: Bookmark,
    MESSAGE_SQUARE: MessageSquare,
    MONITOR: Monitor,
    SUN: Sun,
    MOON: Moon,
    SHARE: Share2,
  };

  it("has every icon the server draws, and the like icon is the app's", () => {
    expect(Object.keys(icons).sort()).toEqual(Object.keys(lucide).sort());
    expect(LikeIcon).toBe(Heart);
  });

  it.each(Object.keys(lucide))("%s is drawn as lucide-react draws it", (name) => {
    const Icon = lucide[name]!;
    const markup = renderToStaticMarkup(<Icon size={16} aria-hidden="true" />);
    const svg = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
    expect(svg.getAttribute("class")).toBe(icons[name]!.className);
    expect(markup.slice(markup.indexOf(">") + 1, markup.lastIndexOf("</svg>"))).toBe(icons[name]!.shapes);
  });
});
