import { List, Newspaper } from "lucide-react";
import { LIST_VIEWS, listView, type ListView } from "@/shared/lib";

const LABELS: Record<ListView, string> = { cards: "Cards", compact: "Compact" };
const ICONS = { cards: Newspaper, compact: List };

/** Cards or compact rows for every post list; the choice is remembered. */
export function ViewSwitch() {
  const view = listView.use();
  return (
    <fieldset className="view-switch segmented">
      <legend className="sr-only">List view</legend>
      {LIST_VIEWS.map((name) => {
        const Icon = ICONS[name];
        return (
          <label key={name} className={view === name ? "segmented-on" : undefined}>
            <input
              type="radio"
              name="list-view"
              value={name}
              className="sr-only"
              checked={view === name}
              onChange={() => listView.set(name)}
            />
            <Icon aria-hidden="true" size={14} />
            <span>{LABELS[name]}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
