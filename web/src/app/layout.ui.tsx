import { useEffect, useRef, type ReactNode } from "react";
import { Link, Outlet, ScrollRestoration, useLocation } from "react-router";
import { useFinishPendingPostAction } from "@/entities/post";
import { BanBanner, useViewer } from "@/entities/session";
import { paths } from "@/shared/config";
import { ThemeSwitch, Toasts } from "@/shared/ui";
import { Header } from "@/widgets/header";

/** After a client-side navigation, focus moves to the new page's heading, as a page load would. */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = window.setTimeout(() => {
      const active = document.activeElement;
      // A page that focused something itself (an autofocus input) keeps it.
      if (active && active !== document.body && document.getElementById("main")?.contains(active)) return;
      const heading = document.querySelector<HTMLElement>("#main h1") ?? document.getElementById("main");
      if (!heading) return;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }, 50);
    return () => window.clearTimeout(timer);
  }, [pathname]);
}

/**
 * Where ScrollRestoration files a page's scroll position. Its default, `location.key`, is
 * "default" for the first page of every document, so opening another address in the same tab
 * restored the previous document's position (the top) once the router settled — for a permalink
 * (`/posts/12#comment-34`, a mail's link) sometimes after the comment had been scrolled to. A
 * document's first page is filed under its address instead (a reload keeps its place), and a
 * first page with a `#fragment` under that document alone: it always opens at its target.
 */
function scrollKey(location: { key: string; pathname: string; search: string; hash: string }) {
  if (location.key !== "default") return location.key;
  const address = `${location.pathname}${location.search}`;
  return location.hash ? `${address}${location.hash}@${performance.timeOrigin}` : address;
}

/** The header, main landmark and footer every page sits in. */
function Frame({ children }: { children?: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" className="container site-main" tabIndex={-1}>
        <BanBanner />
        {children}
      </main>
      <footer className="site-footer">
        <div className="container footer-inner">
          <span>Tidings · share links and write-ups</span>
          <Link to={paths.modlog} className="footer-link">
            Moderation log
          </Link>
          <ThemeSwitch />
        </div>
      </footer>
      <Toasts />
    </>
  );
}

export function Layout() {
  useFocusOnNavigate();
  useFinishPendingPostAction(useViewer().signedIn);
  return (
    <>
      <Frame>
        <Outlet />
      </Frame>
      <ScrollRestoration getKey={scrollKey} />
    </>
  );
}

/** Drawn while the first page's chunk loads: the frame at once, the page when it arrives. */
export function LayoutFallback() {
  return <Frame />;
}
