import { Hash, Home, LogIn, LogOut, PenSquare, Search, Settings, Shield, ShieldCheck } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { Link, NavLink, useLocation, useNavigate, useSearchParams } from "react-router";
import { useSignOut } from "@/features/auth";
import { canModerate, isAdmin, useViewer } from "@/entities/session";
import { paths, registerPath, signInPath } from "@/shared/config";
import { displayName } from "@/shared/lib";
import { Avatar } from "@/shared/ui";
import { NotificationBell } from "./notification-bell.ui";

function SearchBox() {
  const [q, setQ] = useState("");
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const current = pathname === paths.search ? (params.get("q") ?? "") : "";
  useEffect(() => setQ(current), [current]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void navigate(`${paths.search}?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <form className="header-search" role="search" onSubmit={submit}>
      <label htmlFor="header-search" className="sr-only">
        Search posts
      </label>
      <input id="header-search" type="search" placeholder="Search…" value={q} onChange={(e) => setQ(e.target.value)} />
    </form>
  );
}

/** Sign-in and Join links bring the visitor back to the page they were reading (not to another account page). */
const ACCOUNT_PAGES: string[] = [
  paths.signIn,
  paths.register,
  paths.oauthComplete,
  paths.confirmEmail,
  paths.forgotPassword,
  paths.resetPassword,
];

function useReturnPath() {
  const { pathname, search } = useLocation();
  return ACCOUNT_PAGES.includes(pathname) ? undefined : pathname + search;
}

export function Header() {
  const { me, signedIn } = useViewer();
  const returnPath = useReturnPath();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? "nav-link nav-link-active" : "nav-link");
  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to={paths.home} className="brand" aria-label="Tidings home">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Tidings</span>
        </Link>
        <nav className="main-nav" aria-label="Main">
          <NavLink to={paths.home} end className={navClass}>
            <Home aria-hidden="true" size={18} />
            <span className="nav-text">Home</span>
          </NavLink>
          <NavLink to={paths.tags} end className={navClass}>
            <Hash aria-hidden="true" size={18} />
            <span className="nav-text">Tags</span>
          </NavLink>
          <NavLink to={paths.search} className={`${navClass({ isActive: false })} nav-search-link`} aria-label="Search">
            <Search aria-hidden="true" size={18} />
          </NavLink>
        </nav>
        <SearchBox />
        <div className="header-user">
          {signedIn ? (
            <>
              {canModerate(me) ? (
                <NavLink to={paths.moderation} className={navClass} data-nav="moderation">
                  <Shield aria-hidden="true" size={18} />
                  <span className="nav-text">Moderation</span>
                </NavLink>
              ) : null}
              {isAdmin(me) ? (
                <NavLink to={paths.admin} className={navClass} data-nav="admin">
                  <ShieldCheck aria-hidden="true" size={18} />
                  <span className="nav-text">Admin</span>
                </NavLink>
              ) : null}
              <Link to={paths.compose} className="btn btn-primary btn-small" data-action="compose">
                <PenSquare aria-hidden="true" size={16} />
                <span className="nav-text">Write</span>
              </Link>
              <NotificationBell />
              {me ? (
                <Link to={paths.user(me.name)} className="header-me" aria-label={`Your profile (${displayName(me)})`}>
                  <Avatar user={me} size={30} />
                </Link>
              ) : null}
              <NavLink to={paths.settings} className={navClass} aria-label="Settings">
                <Settings aria-hidden="true" size={18} />
              </NavLink>
              <button
                type="button"
                className="nav-link"
                aria-label="Sign out"
                title="Sign out"
                disabled={signOut.isPending}
                onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate(paths.home) })}
              >
                <LogOut aria-hidden="true" size={18} />
              </button>
            </>
          ) : (
            <>
              <Link to={signInPath(returnPath)} className="nav-link">
                <LogIn aria-hidden="true" size={18} />
                <span>Sign in</span>
              </Link>
              <Link to={registerPath(returnPath)} className="btn btn-primary btn-small">
                Join
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
