import { Link } from "react-router";

export type TabLink = { to: string; label: string; active: boolean; count?: number };

/**
 * Tabs that are links (each tab has its own URL), the active one marked with aria-current. Plain
 * links: a NavLink would call every tab of `/?tab=…` current, as it compares paths only.
 */
export function TabLinks({ label, tabs }: { label: string; tabs: TabLink[] }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <Link
          key={tab.to}
          to={tab.to}
          className={tab.active ? "tab tab-active" : "tab"}
          aria-current={tab.active ? "page" : undefined}
          replace
          preventScrollReset
        >
          {tab.label}
          {tab.count !== undefined ? <span className="tab-count">{tab.count}</span> : null}
        </Link>
      ))}
    </nav>
  );
}
