//! The page the server drew. For the home page and a post page the server sends the page itself
//! inside `<div id="root" data-first-paint>` (api/src/web_app/first_paint.rs), so it is on screen
//! before this script has arrived. The app then draws the same page in its place — not by
//! hydration (the server's markup is not React's to the byte), but by one synchronous first render
//! that replaces it, made only once that render can be complete: the route's code loaded and the
//! data its first screen shows in the query cache (from the embedded answers, so no request).
//! Until then the server's page stays; there is no loading state in between and nothing moves.
import type { QueryClient } from "@tanstack/react-query";
import { flushSync } from "react-dom";
import type { createBrowserRouter } from "react-router";
import { postListQuery, postQuery, type PostListScope } from "@/entities/post";
import { tagsQuery } from "@/entities/tag";

type Router = ReturnType<typeof createBrowserRouter>;

export const FIRST_PAINT_ATTRIBUTE = "data-first-paint";

/** How long the server's page may wait for the app's data before the app draws anyway. */
export const TAKEOVER_WAIT_MS = 10_000;

export function isServerDrawn(root: HTMLElement): boolean {
  return root.hasAttribute(FIRST_PAINT_ATTRIBUTE);
}

/** The queries the first screen of `location` shows, for the pages the server draws. */
export function firstScreenQueries(queryClient: QueryClient, location: { pathname: string; search: string }): Promise<unknown>[] {
  if (location.pathname === "/") {
    const tab = new URLSearchParams(location.search).get("tab");
    const scope: PostListScope = tab === "hot" ? { kind: "hot" } : { kind: "latest" };
    return [queryClient.prefetchInfiniteQuery(postListQuery(scope)), queryClient.prefetchQuery(tagsQuery)];
  }
  const post = /^\/posts\/(\d+)$/.exec(location.pathname);
  if (post) return [queryClient.prefetchQuery(postQuery(Number(post[1])))];
  return [];
}

/** Resolves once the router has loaded the code of the first route (lazy pages included). */
function routerReady(router: Router): Promise<void> {
  if (router.state.initialized) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribe = router.subscribe((state) => {
      if (!state.initialized) return;
      unsubscribe();
      resolve();
    });
  });
}

/**
 * Draws the app into `root` over the server's page: at once when the server drew nothing, else
 * when the first render can be complete (or after `waitMs`, whatever is missing then).
 */
export async function takeOver(
  root: HTMLElement,
  render: () => void,
  { router, queryClient, waitMs = TAKEOVER_WAIT_MS }: { router: Router; queryClient: QueryClient; waitMs?: number },
): Promise<void> {
  if (!isServerDrawn(root)) {
    render();
    return;
  }
  const ready = Promise.all([routerReady(router), ...firstScreenQueries(queryClient, window.location)]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  await Promise.race([ready, waited]);
  clearTimeout(timer);
  // The router's first render resets the scroll position; someone who scrolled the server's
  // page keeps their place. One synchronous commit, so no frame shows neither page.
  const { scrollX, scrollY } = window;
  flushSync(render);
  root.removeAttribute(FIRST_PAINT_ATTRIBUTE);
  if (!window.location.hash && (window.scrollX !== scrollX || window.scrollY !== scrollY)) {
    window.scrollTo(scrollX, scrollY);
  }
}
