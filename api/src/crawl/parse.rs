//! RSS 2.0 / Atom 1.0 / JSON Feed documents to the posts they become: title, link, a safe
//! markdown body, tags and a date. The whole document is parsed before anything is imported,
//! so a malformed feed imports nothing.

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Text};
use sha2::{Digest, Sha256};

use crate::content::validation;

/// The longest title, link, body and entry key the posts and entries tables hold.
const TITLE_CHARS: usize = 128;
const URL_BYTES: usize = 255;
const CONTENT_CHARS: usize = 100_000;
/// Feed HTML is cut to this many bytes before it is parsed (the post keeps `CONTENT_CHARS`).
const MAX_HTML_BYTES: usize = 4 * CONTENT_CHARS;
const KEY_BYTES: usize = 200;
const MAX_TAGS: usize = 5;

#[derive(Debug, Clone)]
pub struct ParsedFeed {
    pub title: String,
    pub entries: Vec<FeedItem>,
}

/// One entry, ready to become a post.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The entry's id, else its link, else its title (hashed when long): what makes it unique
    /// within its feed.
    pub key: String,
    pub title: String,
    pub link: Option<String>,
    /// Markdown, from sanitized HTML or plain text.
    pub content: String,
    pub tags: Vec<String>,
    pub published: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
#[error("the feed could not be parsed (expected RSS 2.0, Atom 1.0 or JSON Feed): {0}")]
pub struct ParseError(String);

pub fn parse(bytes: &[u8], base_url: Option<&str>) -> Result<ParsedFeed, ParseError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base_url)
        // An empty id marks "the feed gave none": the key then comes from the link (feed-rs would
        // otherwise invent a random id, which would re-import the entry on every fetch).
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|error| ParseError(error.to_string()))?;
    let title = feed
        .title
        .as_ref()
        .map(text_of)
        .map(|title| truncate_chars(&title, 255))
        .unwrap_or_default();
    let entries = feed.entries.into_iter().filter_map(item_of).collect();
    Ok(ParsedFeed { title, entries })
}

fn item_of(entry: Entry) -> Option<FeedItem> {
    let link = entry
        .links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or(entry.links.first())
        .map(|link| link.href.trim().to_string())
        .filter(|href| validation::http_url(href).is_ok() && !href.is_empty());
    let title_text = entry.title.as_ref().map(text_of).unwrap_or_default();
    let key_source = if !entry.id.trim().is_empty() {
        entry.id.trim().to_string()
    } else if let Some(link) = &link {
        link.clone()
    } else if !title_text.is_empty() {
        format!("title:{title_text}")
    } else {
        return None;
    };
    let content = entry
        .content
        .as_ref()
        .and_then(|content| {
            let body = content.body.as_deref()?;
            Some(if content.content_type.to_string().contains("html") {
                html_to_markdown(body)
            } else {
                text_to_markdown(body)
            })
        })
        .filter(|markdown| !markdown.trim().is_empty())
        .or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|summary| {
                    if summary.content_type.to_string().contains("html")
                        || looks_like_html(&summary.content)
                    {
                        html_to_markdown(&summary.content)
                    } else {
                        text_to_markdown(&summary.content)
                    }
                })
                .filter(|markdown| !markdown.trim().is_empty())
        });
    let title = if title_text.is_empty() {
        content
            .as_deref()
            .map(|content| crate::content::markdown::excerpt(content, 60))
            .filter(|excerpt| !excerpt.is_empty())
            .or_else(|| link.clone())
            .unwrap_or_else(|| "Untitled".into())
    } else {
        title_text
    };
    let content = content.unwrap_or_else(|| match &link {
        Some(link) => format!("<{link}>"),
        None => escape_markdown(&title),
    });
    let categories: Vec<String> = entry
        .categories
        .iter()
        .map(|category| tag_of(category.label.as_deref().unwrap_or(&category.term)))
        .collect();
    let tags: Vec<String> = validation::normalize_tags(&categories)
        .into_iter()
        .filter(|tag| validation::tags(std::slice::from_ref(tag)).is_ok())
        .take(MAX_TAGS)
        .collect();
    Some(FeedItem {
        key: entry_key(&key_source),
        // Feeds are text from anywhere: control characters (NUL above all, which PostgreSQL
        // cannot store) are dropped like the API refuses them.
        title: truncate_chars(&validation::strip_control(&title, false), TITLE_CHARS),
        link: link.filter(|link| link.len() <= URL_BYTES),
        content: truncate_chars(&validation::strip_control(&content, true), CONTENT_CHARS),
        tags,
        published: entry.published.or(entry.updated),
    })
}

/// Keys longer than the column are replaced by their SHA-256.
pub fn entry_key(source: &str) -> String {
    if source.len() <= KEY_BYTES {
        return source.to_string();
    }
    let digest = Sha256::digest(source.as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256:{hex}")
}

/// A category as a tag: spaces become `-`, other characters tags may not hold are dropped.
fn tag_of(category: &str) -> String {
    let tag: String = category
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '+' | '.' | '#'))
        .collect();
    truncate_chars(&tag, 32)
}

fn text_of(text: &Text) -> String {
    let raw = if text.content_type.to_string().contains("html") {
        html_to_text(&text.content)
    } else {
        text.content.clone()
    };
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn looks_like_html(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('<') && text.contains('>')
}

/// Markdown characters a plain-text run must not turn into syntax.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Plain text: paragraphs kept, everything else literal.
pub fn text_to_markdown(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(|line| escape_markdown(line.trim()))
                .collect::<Vec<_>>()
                .join("\\\n")
        })
        .filter(|paragraph| !paragraph.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Unescapes the few entities the sanitizer's serializer writes.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn html_to_text(html: &str) -> String {
    let Some(html) = bounded_html(html) else {
        return unescape(&strip_tags(html));
    };
    let clean = ammonia::Builder::empty().clean(html).to_string();
    unescape(&clean)
}

/// `html` cut to `MAX_HTML_BYTES`, or None when its nesting would make the HTML parser
/// super-linear (`<div>` × 100,000 in a 5 MB feed would hold a worker for hours); such HTML is
/// read as text by `strip_tags` instead.
fn bounded_html(html: &str) -> Option<&str> {
    let mut end = html.len().min(MAX_HTML_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &html[..end];
    crate::content::markdown::html_within_limits(cut).then_some(cut)
}

/// The text of HTML with every tag dropped, in one linear pass (no HTML parser).
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len().min(MAX_HTML_BYTES));
    let mut in_tag = false;
    for c in html.chars() {
        if text.len() >= MAX_HTML_BYTES {
            break;
        }
        match (c, in_tag) {
            ('<', false) => in_tag = true,
            ('>', true) => {
                in_tag = false;
                text.push(' ');
            }
            (_, false) => text.push(c),
            _ => {}
        }
    }
    text
}

/// Feed HTML to markdown. The HTML first goes through ammonia with a small allow-list
/// (paragraphs, line breaks, emphasis, code, lists, headings, quotes, http(s) links), which
/// drops scripts, styles, event handlers and unknown markup and yields well-formed,
/// normalised HTML; that is then walked tag by tag. The markdown is rendered and sanitized again
/// like every post when it is shown.
pub fn html_to_markdown(html: &str) -> String {
    let Some(html) = bounded_html(html) else {
        return text_to_markdown(&unescape(&strip_tags(html)));
    };
    let clean = ammonia::Builder::empty()
        .add_tags([
            "p",
            "br",
            "a",
            "strong",
            "b",
            "em",
            "i",
            "code",
            "pre",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "div",
        ])
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(None)
        .clean(html)
        .to_string();
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    let mut pre = 0usize;
    // Open lists, innermost last: the next number of an ordered list, None for a bulleted one,
    // and the width of the marker its items use (what their own children are indented by).
    let mut lists: Vec<(Option<u64>, usize)> = Vec::new();
    // The text of an inline `<code>` being read: written as one code span when it closes, with
    // nothing escaped inside (markdown shows code spans literally).
    let mut code: Option<String> = None;
    let mut rest = clean.as_str();
    while !rest.is_empty() {
        let (text, tag_start) = match rest.find('<') {
            Some(start) => (&rest[..start], Some(start)),
            None => (rest, None),
        };
        match code.as_mut() {
            Some(code) => code.push_str(&unescape(text)),
            None => push_text(&mut out, text, pre > 0),
        }
        let Some(start) = tag_start else {
            break;
        };
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        match (name, closing) {
            ("p" | "div", _) => block_break(&mut out),
            ("br", _) => out.push_str("\\\n"),
            ("strong" | "b", _) => out.push_str("**"),
            ("em" | "i", _) => out.push('*'),
            ("code", false) if pre == 0 => code = Some(String::new()),
            ("code", true) if pre == 0 => {
                if let Some(text) = code.take() {
                    push_code_span(&mut out, &text);
                }
            }
            ("pre", false) => {
                block_break(&mut out);
                out.push_str("```\n");
                pre += 1;
            }
            ("pre", true) => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("```");
                block_break(&mut out);
                pre = pre.saturating_sub(1);
            }
            ("ul" | "ol", false) => {
                if lists.is_empty() {
                    block_break(&mut out);
                }
                let start = (name == "ol").then(|| {
                    tag.split("start=\"")
                        .nth(1)
                        .and_then(|value| value.split('"').next())
                        .and_then(|value| value.trim().parse::<u64>().ok())
                        .unwrap_or(1)
                        .min(999_999_999)
                });
                lists.push((start, 2));
            }
            ("ul" | "ol", true) => {
                lists.pop();
                if lists.is_empty() {
                    block_break(&mut out);
                }
            }
            ("li", false) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                // Children are indented by the width of every enclosing item's marker.
                let depth = lists.len().saturating_sub(1);
                let indent: usize = lists.iter().take(depth).map(|(_, width)| *width).sum();
                out.push_str(&" ".repeat(indent));
                let marker = match lists.last_mut() {
                    Some((Some(next), width)) => {
                        let marker = format!("{next}. ");
                        *next += 1;
                        *width = marker.len();
                        marker
                    }
                    _ => "- ".to_string(),
                };
                out.push_str(&marker);
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                block_break(&mut out);
                out.push_str("### ");
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => block_break(&mut out),
            ("blockquote", false) => {
                block_break(&mut out);
                out.push_str("> ");
            }
            ("blockquote", true) => block_break(&mut out),
            ("a", false) => {
                let href = tag
                    .split("href=\"")
                    .nth(1)
                    .and_then(|value| value.split('"').next())
                    .map(unescape)
                    .unwrap_or_default();
                links.push(href);
                out.push('[');
            }
            ("a", true) => match links.pop() {
                Some(href) if !href.is_empty() => {
                    out.push_str("](");
                    out.push_str(&href.replace(' ', "%20").replace(')', "%29"));
                    out.push(')');
                }
                _ => out.push(']'),
            },
            _ => {}
        }
    }
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A code span holding `text` literally: delimited by one backtick more than the longest run
/// inside it, padded when it starts or ends with one.
fn push_code_span(out: &mut String, text: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return;
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    out.push_str(&fence);
    out.push_str(pad);
    out.push_str(&text);
    out.push_str(pad);
    out.push_str(&fence);
}

fn block_break(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', '\n']).len();
    out.truncate(trimmed);
    if !out.is_empty() {
        out.push_str("\n\n");
    }
}

/// A run of text between tags: HTML white space collapses (outside `<pre>`), markdown
/// characters are escaped; `&lt;` and friends stay entities, which markdown shows literally.
fn push_text(out: &mut String, text: &str, in_pre: bool) {
    if in_pre {
        out.push_str(&unescape(text));
        return;
    }
    let text = text
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !(escaped.ends_with(' ')
                || (escaped.is_empty() && (out.is_empty() || out.ends_with(['\n', ' ']))))
            {
                escaped.push(' ');
            }
            continue;
        }
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '#' | '|') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    out.push_str(&escaped);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deeply nested or misnested feed HTML would make the HTML parser quadratic; it is read as
    /// text instead, in linear time, and still yields its words.
    #[test]
    fn pathological_feed_html_is_converted_in_linear_time() {
        for html in [
            "<div>".repeat(100_000),
            "<blockquote>".repeat(50_000) + "deep words",
            format!("{}{}", "<b x=1>".repeat(20_000), "<p>y".repeat(20_000)),
            "<ul><li>".repeat(50_000),
        ] {
            let started = std::time::Instant::now();
            let markdown = html_to_markdown(&html);
            let text = html_to_text(&html);
            assert!(
                started.elapsed() < std::time::Duration::from_secs(2),
                "{:?}",
                started.elapsed()
            );
            assert!(markdown.len() <= MAX_HTML_BYTES && text.len() <= MAX_HTML_BYTES);
        }
        assert!(
            html_to_markdown(&("<blockquote>".repeat(50_000) + "deep words"))
                .contains("deep words")
        );
        // Ordinary HTML still takes the structured path.
        assert!(html_to_markdown("<p><b>bold</b> text</p>").contains("**bold**"));
    }

    /// Real-world feed HTML survives the trip to markdown and back to HTML: code is literal (no
    /// stray backslashes), ordered lists keep their numbers, nesting and quotes hold, images and
    /// tables go cleanly, and excerpts are plain text.
    #[test]
    fn feed_html_round_trips_through_markdown() {
        let render = |html: &str| crate::content::markdown::render_html(&html_to_markdown(html));
        let code = "<p>Use <code>get_or_create</code> and <code>COUNT(*)</code>, not <code>a`b</code>.</p>";
        let markdown = html_to_markdown(code);
        assert!(
            markdown.contains("`get_or_create`") && markdown.contains("`COUNT(*)`"),
            "{markdown}"
        );
        let html = render(code);
        assert!(
            html.contains("<code>get_or_create</code>") && html.contains("<code>COUNT(*)</code>"),
            "{html}"
        );
        assert!(html.contains("<code>a`b</code>"), "{html}");
        let excerpt = crate::content::markdown::excerpt(&markdown, 200);
        assert!(!excerpt.contains('\\'), "{excerpt}");
        assert_eq!(excerpt, "Use get_or_create and COUNT(*), not a`b.");

        let pre = "<pre><code>fn main() { let a_b = 2 * 3; }</code></pre>";
        assert!(render(pre).contains("let a_b = 2 * 3;"), "{}", render(pre));

        let ordered = "<ol><li>one</li><li>two<ul><li>inner</li></ul></li><li>three</li></ol>";
        let markdown = html_to_markdown(ordered);
        assert!(
            markdown.starts_with("1. one\n2. two\n   - inner\n3. three"),
            "{markdown}"
        );
        let html = render(ordered);
        assert!(html.contains("<ol>") && html.contains("<ul>"), "{html}");
        assert!(html_to_markdown("<ol start=\"4\"><li>four</li></ol>").starts_with("4. four"));

        let quote = render("<blockquote><p>quoted words</p></blockquote><p>after</p>");
        assert!(
            quote.contains("<blockquote>") && quote.contains("quoted words"),
            "{quote}"
        );

        let dropped = render(
            "<p>see <img src=\"https://example.com/x.png\" alt=\"x\"></p><table><tr><td>cell</td></tr></table>",
        );
        assert!(
            !dropped.contains("<img") && !dropped.contains("<table") && dropped.contains("cell"),
            "{dropped}"
        );
    }

    /// The bundled demo post that showed `get\_or\_create` and lost its numbered list.
    #[test]
    fn the_demo_feed_keeps_code_and_numbered_lists() {
        let feed = parse(include_bytes!("../../demo/demo-feed.atom.xml"), None).expect("demo feed");
        let post = feed
            .entries
            .iter()
            .find(|item| item.title.starts_with("Why we rebuilt"))
            .expect("the post");
        assert!(
            !post.content.contains("get\\_or\\_create"),
            "{}",
            post.content
        );
        assert!(post.content.contains("`get_or_create`"), "{}", post.content);
        let html = crate::content::markdown::render_html(&post.content);
        assert!(html.contains("<ol>"), "{html}");
        assert!(!crate::content::markdown::excerpt(&post.content, 300).contains('\\'));
    }

    #[test]
    fn excerpts_leave_out_script_and_style_text() {
        let excerpt = crate::content::markdown::excerpt(
            "hi <script>alert(1)</script> there <style>p{}</style>",
            100,
        );
        assert_eq!(excerpt, "hi there");
    }

    #[test]
    fn html_becomes_safe_markdown() {
        let markdown = html_to_markdown(
            "<p>Hello <b>world</b> &amp; <a href=\"https://example.com/a\">friends</a></p>\
             <script>alert(1)</script><p onclick=\"x()\">Second <i>para</i><br>line</p>\
             <ul><li>one</li><li>two</li></ul><pre><code>let x = 1 &lt; 2;</code></pre>\
             <a href=\"javascript:alert(1)\">bad</a>",
        );
        assert!(
            markdown.contains("Hello **world** &amp; [friends](https://example.com/a)"),
            "{markdown}"
        );
        assert!(markdown.contains("Second *para*\\\nline"), "{markdown}");
        assert!(markdown.contains("- one\n- two"), "{markdown}");
        assert!(markdown.contains("```\nlet x = 1 < 2;\n```"), "{markdown}");
        assert!(!markdown.contains("script"), "{markdown}");
        assert!(!markdown.contains("javascript"), "{markdown}");
        let html = crate::content::markdown::render_html(&markdown);
        assert!(html.contains("<a href=\"https://example.com/a\""), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn html_in_text_is_shown_not_run() {
        let markdown = html_to_markdown("<p>Use &lt;script&gt; * carefully</p>");
        let html = crate::content::markdown::render_html(&markdown);
        assert!(html.contains("&lt;script&gt; * carefully"), "{html}");
    }

    #[test]
    fn long_keys_are_hashed() {
        assert_eq!(entry_key("urn:x"), "urn:x");
        let key = entry_key(&"x".repeat(300));
        assert!(key.starts_with("sha256:") && key.len() == 71, "{key}");
    }

    #[test]
    fn categories_become_valid_tags() {
        assert_eq!(tag_of(" Web Development "), "Web-Development");
        assert_eq!(tag_of("c/c++"), "cc++");
        assert_eq!(tag_of("中文"), "中文");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]
            /// Any bytes are a feed or a parse error, never a panic; any HTML converts.
            #[test]
            fn any_bytes_parse_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
                let _ = parse(&bytes, Some("https://example.com/feed"));
            }

            #[test]
            fn any_html_converts_to_markdown_without_control_characters(html in "(<[a-z]{1,6}>|</[a-z]{1,6}>|\\PC){0,200}") {
                let markdown = html_to_markdown(&html);
                prop_assert!(!markdown.contains('\0'));
            }

            /// A feed entry made of hostile text comes out with bounded, clean fields.
            #[test]
            fn hostile_entries_come_out_clean(title in "\\PC{0,300}|[\u{0}-\u{1f}]{1,20}", body in "\\PC{0,300}") {
                let xml = format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>{}</title><description>{}</description><guid>k</guid></item></channel></rss>",
                    escape_xml(&title), escape_xml(&body)
                );
                if let Ok(feed) = parse(xml.as_bytes(), None) {
                    for item in feed.entries {
                        prop_assert!(!item.title.chars().any(char::is_control));
                        prop_assert!(!item.content.contains('\0'));
                    }
                }
            }
        }

        fn escape_xml(text: &str) -> String {
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        }
    }
}
