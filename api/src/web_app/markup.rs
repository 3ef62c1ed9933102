//! Text made safe for HTML, and the small formatting rules the web app applies to what it shows
//! (relative times, compact counts, a link's host, a display name), written the way
//! web/src/shared/lib/format.ts writes them so the server's first page reads the same.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

pub use crate::read_model::users::display_name;

/// `text` for an HTML text node or a quoted attribute value: `&`, `<`, `>`, `"` and `'` become
/// character references, so no text from the database can open or close an element or attribute.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 16);
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// JavaScript's `encodeURIComponent`: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` as UTF-8
/// percent escapes (the app builds `/tags/{name}` and `/users/{name}` links with it).
pub fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// A post's link for `href`, and the host to show for it ("example.org", without `www.`): only
/// http and https links, which is all the server stores.
pub fn link_and_host(url: Option<&str>) -> Option<(&str, String)> {
    let url = url?;
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed.host_str()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    let host = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    Some((url, host))
}

/// A time as JSON carries it, for `<time datetime>`.
pub fn iso(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// JavaScript's `Math.round`: halves go up (towards +∞).
fn js_round(value: f64) -> f64 {
    (value + 0.5).floor()
}

/// "3 hours ago", "yesterday", "just now": what `Intl.RelativeTimeFormat("en", {numeric:
/// "auto"})` says in `timeAgo`, for `then` seen at `now`.
pub fn time_ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    const UNITS: [(&str, f64); 6] = [
        ("year", 365.0 * 24.0 * 3600.0),
        ("month", 30.0 * 24.0 * 3600.0),
        ("week", 7.0 * 24.0 * 3600.0),
        ("day", 24.0 * 3600.0),
        ("hour", 3600.0),
        ("minute", 60.0),
    ];
    // Milliseconds as f64: exact for any date a post can have.
    #[allow(clippy::cast_precision_loss)]
    let seconds = js_round((then - now).num_milliseconds() as f64 / 1000.0);
    for (unit, size) in UNITS {
        if seconds.abs() >= size {
            return relative(js_round(seconds / size), unit);
        }
    }
    "just now".to_string()
}

fn relative(value: f64, unit: &str) -> String {
    let named = match (value, unit) {
        (-1.0, "day") => Some("yesterday"),
        (1.0, "day") => Some("tomorrow"),
        (-1.0, "week" | "month" | "year") => Some("last"),
        (1.0, "week" | "month" | "year") => Some("next"),
        _ => None,
    };
    match named {
        Some(word @ ("yesterday" | "tomorrow")) => word.to_string(),
        Some(word) => format!("{word} {unit}"),
        None => {
            let count = value.abs();
            let plural = if count == 1.0 { "" } else { "s" };
            let count = grouped(count);
            if value < 0.0 {
                format!("{count} {unit}{plural} ago")
            } else {
                format!("in {count} {unit}{plural}")
            }
        }
    }
}

/// A whole number with thousands separators, as `Intl` writes it in English ("1,234").
fn grouped(value: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let digits = (value as u64).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A count as `compactNumber` shows it: as it is under 1,000, else "1.2K", "12.5K", "3M".
pub fn compact_number(value: i64) -> String {
    if value.abs() < 1000 {
        return value.to_string();
    }
    const UNITS: [(f64, &str); 4] = [(1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T")];
    #[allow(clippy::cast_precision_loss)]
    let magnitude = value.unsigned_abs() as f64;
    let mut unit = UNITS
        .iter()
        .rposition(|(size, _)| magnitude >= *size)
        .unwrap_or(0);
    // One decimal at most, halves away from zero; 999,950 is "1M", not "1000K".
    let mut scaled = (magnitude / UNITS[unit].0 * 10.0).round() / 10.0;
    if scaled >= 1000.0 && unit + 1 < UNITS.len() {
        unit += 1;
        scaled = (magnitude / UNITS[unit].0 * 10.0).round() / 10.0;
    }
    let sign = if value < 0 { "-" } else { "" };
    let number = format!("{scaled:.1}");
    let number = number.strip_suffix(".0").unwrap_or(&number);
    format!("{sign}{number}{}", UNITS[unit].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn escaped_text_cannot_open_or_close_markup() {
        assert_eq!(
            escape(r#"</script><b title="x" a='y'>&amp;"#),
            "&lt;/script&gt;&lt;b title=&quot;x&quot; a=&#39;y&#39;&gt;&amp;amp;"
        );
        assert_eq!(escape("plain — text 中文"), "plain — text 中文");
    }

    #[test]
    fn components_are_encoded_as_javascript_does() {
        assert_eq!(encode_component("rust"), "rust");
        assert_eq!(
            encode_component("c++/a b?&é"),
            "c%2B%2B%2Fa%20b%3F%26%C3%A9"
        );
        assert_eq!(encode_component("a-_.!~*'()"), "a-_.!~*'()");
    }

    #[test]
    fn only_web_links_have_a_host() {
        assert_eq!(
            link_and_host(Some("https://www.example.org/a?b=1")),
            Some(("https://www.example.org/a?b=1", "example.org".to_string()))
        );
        assert_eq!(
            link_and_host(Some("http://example.org:8080/")).map(|(_, host)| host),
            Some("example.org:8080".to_string())
        );
        assert_eq!(link_and_host(Some("javascript:alert(1)")), None);
        assert_eq!(link_and_host(Some("not a url")), None);
        assert_eq!(link_and_host(None), None);
    }

    #[test]
    fn times_read_as_the_app_writes_them() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).single();
        let Some(now) = now else {
            panic!("a valid date");
        };
        let ago = |seconds: i64| time_ago(now - chrono::Duration::seconds(seconds), now);
        assert_eq!(ago(10), "just now");
        assert_eq!(ago(60), "1 minute ago");
        // Halves round up, as in JavaScript: -2.5 minutes is -2.
        assert_eq!(ago(150), "2 minutes ago");
        assert_eq!(ago(3600), "1 hour ago");
        assert_eq!(ago(26 * 3600), "yesterday");
        assert_eq!(ago(4 * 24 * 3600), "4 days ago");
        assert_eq!(ago(8 * 24 * 3600), "last week");
        assert_eq!(ago(45 * 24 * 3600), "last month");
        assert_eq!(ago(75 * 24 * 3600), "2 months ago");
        assert_eq!(ago(400 * 24 * 3600), "last year");
        assert_eq!(ago(-2 * 3600), "in 2 hours");
        assert_eq!(ago(-26 * 3600), "tomorrow");
    }

    #[test]
    fn counts_are_compact_from_a_thousand() {
        assert_eq!(compact_number(0), "0");
        assert_eq!(compact_number(999), "999");
        assert_eq!(compact_number(1000), "1K");
        assert_eq!(compact_number(1234), "1.2K");
        assert_eq!(compact_number(12_345), "12.3K");
        assert_eq!(compact_number(999_950), "1M");
        assert_eq!(compact_number(2_500_000), "2.5M");
    }
}
