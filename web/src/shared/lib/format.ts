const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });
const monthYearFormat = new Intl.DateTimeFormat("en", { month: "long", year: "numeric" });
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function timeAgo(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const seconds = Math.round((then - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export function fullDate(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : absolute.format(then);
}

/** "November 2024": when someone joined (a day alone, "Nov 30", leaves out the year). */
export function monthYear(iso: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? "" : monthYearFormat.format(then);
}

export function compactNumber(value: number): string {
  return value < 1000 ? String(value) : compact.format(value);
}

export function displayName(user: { name: string; nickname?: string | null }): string {
  return user.nickname?.trim() || user.name;
}

/** The host of a link, for "(example.com)" next to a title. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.replace(/^www\./, "");
  } catch {
    return null;
  }
}

/** Only same-origin images are shown: the site never makes a request to another origin. */
export function sameOriginImage(src: string | null | undefined): string | null {
  if (!src) return null;
  if (src.startsWith("/") && !src.startsWith("//")) return src;
  if (typeof window !== "undefined") {
    try {
      const url = new URL(src, window.location.href);
      if (url.origin === window.location.origin) return url.pathname + url.search;
    } catch {
      return null;
    }
  }
  return null;
}

/** A server message ("this sign-in link is not valid") as a sentence: capital first letter, full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…)]$/.test(capital) ? capital : `${capital}.`;
}
