import { NavLink } from "react-router";

export type TabLink = { to: string; label: string; active: boolean; count?: number };

/** Tabs that are links (each tab has its own URL), marked with aria-current. */
export function TabLinks({ label, tabs }: { label: string; tabs: TabLink[] }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          className={tab.active ? "tab tab-active" : "tab"}
          aria-current={tab.active ? "page" : undefined}
          end
          replace
          preventScrollReset
        >
          {tab.label}
          {tab.count !== undefined ? <span className="tab-count">{tab.count}</span> : null}
        </NavLink>
      ))}
    </nav>
  );
}
