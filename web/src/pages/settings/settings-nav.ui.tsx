import { useEffect, useState, type MouseEvent } from "react";

export type SettingsSection = { id: string; title: string };

function prefersReducedMotion() {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** Scrolls to a section and moves focus to its heading, as following an in-page link should. */
export function goToSection(id: string, { smooth = true } = {}) {
  const section = document.getElementById(id);
  if (!section) return false;
  const heading = section.querySelector<HTMLElement>("h2") ?? section;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  section.scrollIntoView?.({ block: "start", behavior: smooth && !prefersReducedMotion() ? "smooth" : "auto" });
  heading.focus({ preventScroll: true });
  return true;
}

/**
 * Which section is being read: the last whose top has passed the upper third of the window; at
 * the very bottom (where the last short sections cannot reach the top) the last one, unless a
 * section was just chosen from the navigation and is in view.
 */
function useCurrentSection(sections: SettingsSection[]) {
  const [current, setCurrent] = useState(sections[0]?.id);
  const [chosen, setChosen] = useState<string>();
  useEffect(() => {
    const update = () => {
      const topOf = (id: string) => document.getElementById(id)?.getBoundingClientRect().top;
      const chosenTop = chosen ? topOf(chosen) : undefined;
      if (chosen && chosenTop !== undefined && chosenTop >= -1 && chosenTop < window.innerHeight / 2) {
        setCurrent(chosen);
        return;
      }
      let found = sections[0]?.id;
      for (const { id } of sections) {
        const top = topOf(id);
        if (top !== undefined && top <= window.innerHeight / 3) found = id;
      }
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) found = sections.at(-1)?.id;
      setCurrent(found);
    };
    update();
    window.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    return () => {
      window.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, [sections, chosen]);
  return { current, choose: setChosen };
}

/**
 * The settings page's table of contents: a link per section, the one in view marked
 * `aria-current`. A side column on wide screens, a scrolling row above the sections on phones.
 * The links are ordinary `#id` links (they work without script, and can be opened in a new tab);
 * a click scrolls there and focuses the section's heading, and the address keeps the `#id`.
 */
export function SettingsNav({ sections }: { sections: SettingsSection[] }) {
  const { current, choose } = useCurrentSection(sections);
  const follow = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (!goToSection(id)) return;
    event.preventDefault();
    choose(id);
    // Keep React Router's own history state: replaceState with the state it left there.
    window.history.replaceState(window.history.state, "", `#${id}`);
  };
  return (
    <nav className="settings-nav" aria-label="Settings sections">
      <ul>
        {sections.map(({ id, title }) => (
          <li key={id}>
            <a href={`#${id}`} aria-current={current === id ? "true" : undefined} onClick={(event) => follow(event, id)}>
              {title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
