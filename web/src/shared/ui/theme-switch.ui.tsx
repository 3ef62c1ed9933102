import { Monitor, Moon, Sun } from "lucide-react";
import { THEMES, setTheme, useTheme, type Theme } from "@/shared/lib";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };
const ICONS = { system: Monitor, light: Sun, dark: Moon };

/** System / Light / Dark, as a radio group (arrow keys move between them). */
export function ThemeSwitch() {
  const theme = useTheme();
  return (
    <fieldset className="theme-switch segmented">
      <legend className="sr-only">Colour theme</legend>
      {THEMES.map((name) => {
        const Icon = ICONS[name];
        return (
          <label key={name} className={theme === name ? "segmented-on" : undefined}>
            <input
              type="radio"
              name="theme"
              value={name}
              className="sr-only"
              checked={theme === name}
              onChange={() => setTheme(name)}
            />
            <Icon aria-hidden="true" size={14} />
            <span>{LABELS[name]}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
