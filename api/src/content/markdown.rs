//! Markdown to safe HTML, and plain-text excerpts. Everything users write goes through here.
//!
//! Cost: pulldown-cmark parses every input shape in linear time, but the HTML it writes is parsed
//! again by html5ever inside ammonia, whose tree builder works in proportion to the depth of its
//! open-element stack (and to the unclosed formatting elements it re-opens) for every token. Deep
//! nesting (`> > > …`, `* + - …`, `<div><div>…`, `<b x=1><b x=2>…<p>y<p>y`) made rendering
//! quadratic: 100 kB of `> ` took ~15 s. [`check_limits`] bounds those quantities in linear time,
//! so callers refuse such input with a 422 before storing it; [`render_html`] runs the same check
//! and renders input over the limits (stored before them, or crawled) as escaped text.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeStream, html};

use super::mentions::{self, Mentions};

/// Block quotes, lists and footnote definitions (together) may nest this deep.
pub const MAX_CONTAINER_DEPTH: usize = 16;
/// Elements open at any point of the rendered HTML (markdown-made and raw HTML together).
pub const MAX_ELEMENT_DEPTH: usize = 64;
/// Elements closed by something other than their own end tag, or left open past their parent.
/// The HTML parser keeps such formatting elements and re-opens them in every later paragraph.
pub const MAX_MISNESTED_HTML: usize = 16;
/// Table cells in the whole document, including the empty ones the parser adds to short rows.
pub const MAX_TABLE_CELLS: usize = 50_000;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .add_tag_attributes("code", ["class"])
        // Only the class rendering gives a mention link (`mentions::link`).
        .add_tag_attributes("a", ["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        // `<input>` survives only as a task-list checkbox: disabled, of type checkbox. An input
        // written without a type (a text box) or with another one gets these forced on.
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("input", "type") => {
                (value.eq_ignore_ascii_case("checkbox")).then(|| "checkbox".into())
            }
            ("input", "checked" | "disabled") => Some(Cow::Borrowed("")),
            ("a", "class") => (value == "mention").then(|| value.into()),
            _ => Some(value.into()),
        });
    builder
});

pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// Why a piece of markdown is refused; `Display` is a message fit to show the writer (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkdownLimitError {
    ContainersTooDeep,
    ElementsTooDeep,
    MisnestedHtml,
    TooManyTableCells,
}

impl fmt::Display for MarkdownLimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ContainersTooDeep => write!(
                f,
                "quotes and lists may nest at most {MAX_CONTAINER_DEPTH} levels deep"
            ),
            Self::ElementsTooDeep => write!(
                f,
                "formatting and HTML tags may nest at most {MAX_ELEMENT_DEPTH} levels deep"
            ),
            Self::MisnestedHtml => write!(
                f,
                "at most {MAX_MISNESTED_HTML} HTML tags may be left unclosed or closed out of order"
            ),
            Self::TooManyTableCells => {
                write!(f, "tables may have at most {MAX_TABLE_CELLS} cells in all")
            }
        }
    }
}

impl std::error::Error for MarkdownLimitError {}

/// Refuses markdown whose rendering would cost more than linear time. Linear itself: one parse,
/// one HTML write and one scan of that HTML, stopping at the first limit broken.
pub fn check_limits(markdown: &str) -> Result<(), MarkdownLimitError> {
    unsanitized_html(markdown, &Mentions::default()).map(drop)
}

/// Renders markdown and strips anything that could run script: raw `<script>`, event-handler
/// attributes, `javascript:` and `data:` URLs, styles, iframes.
///
/// Markdown over [`check_limits`] (stored before the limits, or crawled) is shown as escaped
/// text instead, so rendering stays linear whatever the input.
pub fn render_html(markdown: &str) -> String {
    render_html_with_mentions(markdown, &Mentions::default())
}

/// [`render_html`], with every `@name` of an account in `mentions` a link to its profile.
pub fn render_html_with_mentions(markdown: &str, mentions: &Mentions) -> String {
    match unsanitized_html(markdown, mentions) {
        Ok(unsafe_html) => SANITIZER.clean(&unsafe_html).to_string(),
        Err(_) => escaped_paragraphs(markdown),
    }
}

/// The HTML pulldown-cmark writes, once it is known to be cheap for html5ever (in ammonia).
fn unsanitized_html(markdown: &str, mentions: &Mentions) -> Result<String, MarkdownLimitError> {
    let error = std::cell::Cell::new(None);
    let mut containers = 0usize;
    let mut table_cells = 0usize;
    // Inside a code block, link or image, where an `@name` stays as written.
    let mut verbatim = 0usize;
    let events = TextMergeStream::new(Parser::new_ext(markdown, options()))
        .flat_map(|event| {
            match &event {
                Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => {
                    verbatim += 1
                }
                Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                    verbatim = verbatim.saturating_sub(1)
                }
                Event::Text(text) if verbatim == 0 && !mentions.is_empty() => {
                    if let Some(linked) = mentions::link(text, mentions) {
                        return linked;
                    }
                }
                _ => {}
            }
            vec![event]
        })
        .map(|event| match event {
            // A raw-text element (`<script>`, `<style>`, `<textarea>`, …) makes the HTML tokenizer
            // read up to its end tag as text, by rules too subtle to model; ammonia drops those
            // elements anyway, so the HTML that would open one is shown as text instead.
            Event::Html(html) | Event::InlineHtml(html) if opens_raw_text(&html) => {
                Event::Text(html)
            }
            event => event,
        })
        .inspect(|event| match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                containers += 1;
                if containers > MAX_CONTAINER_DEPTH {
                    error.set(Some(MarkdownLimitError::ContainersTooDeep));
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                containers -= 1
            }
            Event::Start(Tag::TableCell) => {
                table_cells += 1;
                if table_cells > MAX_TABLE_CELLS {
                    error.set(Some(MarkdownLimitError::TooManyTableCells));
                }
            }
            _ => {}
        })
        // Stop at the first limit broken.
        .take_while(|_| error.get().is_none());
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    if let Some(error) = error.get() {
        return Err(error);
    }
    check_html_nesting(&unsafe_html)?;
    Ok(unsafe_html)
}

/// How long a render may run before the reader gets the escaped source instead. The limits keep
/// every accepted input far below it (≤ 0.2 s for 100 kB in a release build).
pub const RENDER_BUDGET: std::time::Duration = std::time::Duration::from_secs(3);

/// [`render_html`] on tokio's blocking pool, so that rendering never holds an async worker, and
/// within [`RENDER_BUDGET`] (past it the escaped source is returned; the render finishes on its
/// thread, bounded by the limits).
pub async fn render_html_off_thread(markdown: String) -> String {
    render_html_off_thread_with_mentions(markdown, Mentions::default()).await
}

/// [`render_html_off_thread`] with mentions linked ([`render_html_with_mentions`]).
pub async fn render_html_off_thread_with_mentions(markdown: String, mentions: Mentions) -> String {
    let source = std::sync::Arc::new(markdown);
    let input = source.clone();
    let render = tokio::task::spawn_blocking(move || render_html_with_mentions(&input, &mentions));
    match tokio::time::timeout(RENDER_BUDGET, render).await {
        Ok(Ok(html)) => html,
        _ => {
            tracing::warn!(
                bytes = source.len(),
                "markdown render over budget; shown escaped"
            );
            escaped_paragraphs(&source)
        }
    }
}

/// The text a reader would see, on one line (what search indexes).
pub fn plain_text(markdown: &str) -> String {
    visible_text(markdown, usize::MAX).trim().to_string()
}

/// The first `max_chars` characters of the text a reader would see, on one line.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let text = visible_text(markdown, max_chars);
    let trimmed = text.trim();
    if trimmed.chars().count() <= max_chars {
        return trimmed.to_string();
    }
    let mut cut: String = trimmed.chars().take(max_chars.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Text outside code blocks with whitespace collapsed, stopping once past `max_chars`.
fn visible_text(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    // Counted as it grows: recounting `text` after every event was quadratic.
    let mut chars = 0usize;
    let mut in_code_block = false;
    // Inside an inline `<script>` or `<style>` (its text is no words a reader sees).
    let mut in_raw_text = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::InlineHtml(html) | Event::Html(html) => {
                let tag = html.trim_start().to_ascii_lowercase();
                if tag.starts_with("<script") || tag.starts_with("<style") {
                    in_raw_text = !(tag.contains("</script") || tag.contains("</style"));
                } else if tag.starts_with("</script") || tag.starts_with("</style") {
                    in_raw_text = false;
                }
            }
            Event::Text(chunk) | Event::Code(chunk) if !in_code_block && !in_raw_text => {
                chars += push_collapsed(&mut text, &chunk)
            }
            // A block ends with a space; an inline element (a link, emphasis) does not, so
            // "a [link](…)." reads "a link." rather than "a link .".
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                chars += push_collapsed(&mut text, " ")
            }
            _ => {}
        }
        if chars > max_chars {
            break;
        }
    }
    text
}

/// Appends `chunk` with whitespace collapsed; returns how many chars it appended.
fn push_collapsed(text: &mut String, chunk: &str) -> usize {
    let mut pushed = 0;
    for c in chunk.chars() {
        if c.is_whitespace() {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
                pushed += 1;
            }
        } else {
            text.push(c);
            pushed += 1;
        }
    }
    pushed
}

/// The fallback for markdown over the limits: its source, escaped, one paragraph per
/// blank-line-separated block. Linear, and holds no markup to sanitize.
fn escaped_paragraphs(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    for block in markdown
        .split("\n\n")
        .filter(|block| !block.trim().is_empty())
    {
        out.push_str("<p>");
        for (i, line) in block.trim_matches('\n').lines().enumerate() {
            if i > 0 {
                out.push_str("<br>\n");
            }
            for c in line.chars() {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    _ => out.push(c),
                }
            }
        }
        out.push_str("</p>\n");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// A model of the element stack html5ever builds from the HTML: its tree builder does work in
// proportion to that stack (and to the formatting elements it must re-open) for each token.

/// Elements whose content is raw text, read by the tokenizer up to the matching end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];
/// Elements without content: their start tag opens nothing.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];
/// Elements the HTML parser closes by itself (implied end tags): popping them costs nothing.
const IMPLIED_END: &[&str] = &[
    "p", "li", "dd", "dt", "option", "optgroup", "rb", "rp", "rt", "rtc",
];
/// Elements inside a table that `</table>` closes.
const TABLE_PARTS: &[&str] = &[
    "caption", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th",
];
/// Start tags before which the HTML parser closes an open `<p>` and everything inside it.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "table",
    "hr",
    "xmp",
    "plaintext",
    "dd",
    "dt",
    "li",
];
const MAX_TAG_NAME: usize = 32;

/// Whether raw HTML holds `<` followed by the name of a raw-text element (any case), wherever.
fn opens_raw_text(html: &str) -> bool {
    let bytes = html.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'<'
            && RAW_TEXT.iter().any(|name| {
                bytes
                    .get(i + 1..i + 1 + name.len())
                    .is_some_and(|after| after.eq_ignore_ascii_case(name.as_bytes()))
            })
    })
}

/// Whether the HTML parser (html5ever, inside ammonia) handles `html` in linear time: the same
/// nesting limits as for rendered markdown. For HTML from elsewhere (feeds) before it is cleaned.
pub fn html_within_limits(html: &str) -> bool {
    check_html_nesting(html).is_ok()
}

fn check_html_nesting(html: &str) -> Result<(), MarkdownLimitError> {
    let mut stack = Stack::default();
    scan_tags(html, |name, end| stack.tag(name, end))
}

#[derive(Default)]
struct Stack {
    open: Vec<String>,
    misnested: usize,
}

impl Stack {
    fn tag(&mut self, name: &str, end: bool) -> Result<(), MarkdownLimitError> {
        if end {
            // The nearest open element of that name closes, and everything opened inside it.
            if let Some(at) = self.open.iter().rposition(|open| open == name) {
                let table = name == "table";
                while self.open.len() > at + 1 {
                    let inner = self.open.pop().expect("above `at`");
                    if !(table && TABLE_PARTS.contains(&inner.as_str())) {
                        self.dropped(&inner)?;
                    }
                }
                self.open.pop();
            }
            return Ok(());
        }
        if VOID.contains(&name) {
            return Ok(());
        }
        if CLOSES_P.contains(&name)
            && let Some(at) = self.open.iter().rposition(|open| open == "p")
        {
            while self.open.len() > at + 1 {
                let inner = self.open.pop().expect("above `at`");
                self.dropped(&inner)?;
            }
            self.open.pop();
        }
        if IMPLIED_END.contains(&name) && self.open.last().is_some_and(|open| open == name) {
            self.open.pop();
        }
        self.open.push(name.to_string());
        if self.open.len() > MAX_ELEMENT_DEPTH {
            return Err(MarkdownLimitError::ElementsTooDeep);
        }
        Ok(())
    }

    /// An element closed by something other than its own end tag: the HTML parser may keep it
    /// open, or keep re-opening it.
    fn dropped(&mut self, name: &str) -> Result<(), MarkdownLimitError> {
        if !IMPLIED_END.contains(&name) {
            self.misnested += 1;
            if self.misnested > MAX_MISNESTED_HTML {
                return Err(MarkdownLimitError::MisnestedHtml);
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scan {
    Data,
    TagOpen,
    EndTagOpen,
    TagName,
    BeforeAttrName,
    AttrName,
    AfterAttrName,
    BeforeAttrValue,
    AttrValue(char),
    AttrValueUnquoted,
    AfterAttrValueQuoted,
    SelfClosingStart,
    MarkupDeclaration,
    MarkupDeclarationDash,
    BogusComment,
    CommentStart,
    CommentStartDash,
    Comment,
    CommentEndDash,
    CommentEnd,
    CommentEndBang,
}

/// Calls `on_tag(name, is_end)` for every start and end tag the HTML tokenizer would see, by
/// the states of the HTML standard's tokenizer for everything but raw text and foreign CDATA
/// (raw-text elements are kept out of the HTML; CDATA only hides tags, so seeing them is safe).
fn scan_tags(
    html: &str,
    mut on_tag: impl FnMut(&str, bool) -> Result<(), MarkdownLimitError>,
) -> Result<(), MarkdownLimitError> {
    use Scan::*;
    let is_space = |c: char| matches!(c, '\t' | '\n' | '\x0c' | ' ' | '\r');
    let mut state = Data;
    let mut name = String::new();
    let mut long_name = false;
    let mut end = false;
    let mut emit = |name: &mut String, long: bool, end: bool| -> Result<(), MarkdownLimitError> {
        // A name too long to keep is never matched by an end tag, and opens an element.
        let result = if long {
            on_tag("\u{0}long", end)
        } else {
            on_tag(name, end)
        };
        name.clear();
        result
    };
    for c in html.chars() {
        let mut reconsume = true;
        while reconsume {
            reconsume = false;
            state = match state {
                Data => match c {
                    '<' => TagOpen,
                    _ => Data,
                },
                TagOpen => match c {
                    '!' => MarkupDeclaration,
                    '/' => EndTagOpen,
                    '?' => BogusComment,
                    c if c.is_ascii_alphabetic() => {
                        (end, long_name) = (false, false);
                        name.clear();
                        name.push(c.to_ascii_lowercase());
                        TagName
                    }
                    _ => {
                        reconsume = true;
                        Data
                    }
                },
                EndTagOpen => match c {
                    c if c.is_ascii_alphabetic() => {
                        (end, long_name) = (true, false);
                        name.clear();
                        name.push(c.to_ascii_lowercase());
                        TagName
                    }
                    '>' => Data,
                    _ => BogusComment,
                },
                TagName => match c {
                    c if is_space(c) => BeforeAttrName,
                    '/' => SelfClosingStart,
                    '>' => {
                        emit(&mut name, long_name, end)?;
                        Data
                    }
                    c => {
                        if name.len() < MAX_TAG_NAME {
                            name.push(c.to_ascii_lowercase());
                        } else {
                            long_name = true;
                        }
                        TagName
                    }
                },
                BeforeAttrName => match c {
                    c if is_space(c) => BeforeAttrName,
                    '/' | '>' => {
                        reconsume = true;
                        AfterAttrName
                    }
                    _ => AttrName,
                },
                AttrName => match c {
                    c if is_space(c) || c == '/' || c == '>' => {
                        reconsume = true;
                        AfterAttrName
                    }
                    '=' => BeforeAttrValue,
                    _ => AttrName,
                },
                AfterAttrName => match c {
                    c if is_space(c) => AfterAttrName,
                    '/' => SelfClosingStart,
                    '=' => BeforeAttrValue,
                    '>' => {
                        emit(&mut name, long_name, end)?;
                        Data
                    }
                    _ => AttrName,
                },
                BeforeAttrValue => match c {
                    c if is_space(c) => BeforeAttrValue,
                    '"' | '\'' => AttrValue(c),
                    '>' => {
                        emit(&mut name, long_name, end)?;
                        Data
                    }
                    _ => AttrValueUnquoted,
                },
                AttrValue(quote) => {
                    if c == quote {
                        AfterAttrValueQuoted
                    } else {
                        AttrValue(quote)
                    }
                }
                AttrValueUnquoted => match c {
                    c if is_space(c) => BeforeAttrName,
                    '>' => {
                        emit(&mut name, long_name, end)?;
                        Data
                    }
                    _ => AttrValueUnquoted,
                },
                AfterAttrValueQuoted => match c {
                    c if is_space(c) => BeforeAttrName,
                    '/' => SelfClosingStart,
                    '>' => {
                        emit(&mut name, long_name, end)?;
                        Data
                    }
                    _ => {
                        reconsume = true;
                        BeforeAttrName
                    }
                },
                SelfClosingStart => match c {
                    // `<div/>` still opens a div in HTML; void elements are ignored anyway.
                    '>' => {
                        emit(&mut name, long_name, end)?;
                        Data
                    }
                    _ => {
                        reconsume = true;
                        BeforeAttrName
                    }
                },
                // `<!--` starts a comment; any other `<!` (doctype, CDATA) runs to the next `>`.
                MarkupDeclaration => match c {
                    '-' => MarkupDeclarationDash,
                    _ => {
                        reconsume = true;
                        BogusComment
                    }
                },
                MarkupDeclarationDash => match c {
                    '-' => CommentStart,
                    _ => {
                        reconsume = true;
                        BogusComment
                    }
                },
                BogusComment => match c {
                    '>' => Data,
                    _ => BogusComment,
                },
                CommentStart => match c {
                    '-' => CommentStartDash,
                    '>' => Data,
                    _ => Comment,
                },
                CommentStartDash => match c {
                    '-' => CommentEnd,
                    '>' => Data,
                    _ => Comment,
                },
                Comment => match c {
                    '-' => CommentEndDash,
                    _ => Comment,
                },
                CommentEndDash => match c {
                    '-' => CommentEnd,
                    _ => Comment,
                },
                CommentEnd => match c {
                    '>' => Data,
                    '!' => CommentEndBang,
                    '-' => CommentEnd,
                    _ => Comment,
                },
                CommentEndBang => match c {
                    '-' => CommentEndDash,
                    '>' => Data,
                    _ => Comment,
                },
            };
        }
    }
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_punctuation_against_inline_elements() {
        let excerpt = excerpt(
            "# Hello\n\nSome **markdown** with a [link](https://example.com/).\n\n- one\n- two",
            200,
        );
        assert_eq!(excerpt, "Hello Some markdown with a link. one two");
        assert_eq!(plain_text("*a*, _b_; `c`."), "a, b; c.");
    }

    #[test]
    fn hostile_markdown_is_neutralised() {
        let html = render_html(
            "hi <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) <a href=\"data:text/html,x\">d</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
    }

    #[test]
    fn markdown_renders() {
        assert_eq!(render_html("**bold**"), "<p><strong>bold</strong></p>\n");
    }

    #[test]
    fn excerpts_are_plain_and_short() {
        assert_eq!(
            excerpt("# Title\n\nSome *text* here.", 100),
            "Title Some text here."
        );
        let long = "字".repeat(500);
        assert_eq!(excerpt(&long, 10).chars().count(), 10);
    }

    use std::time::{Duration, Instant};

    fn timed(markdown: &str) -> Duration {
        let start = Instant::now();
        std::hint::black_box(render_html(markdown));
        std::hint::black_box(plain_text(markdown));
        std::hint::black_box(excerpt(markdown, 200));
        start.elapsed()
    }

    fn about(unit: &str, chars: usize) -> String {
        unit.repeat(chars / unit.len())
    }

    fn numbered(chars: usize, f: impl Fn(usize) -> String) -> String {
        let mut out = String::new();
        let mut i = 0;
        while out.len() < chars {
            out.push_str(&f(i));
            i += 1;
        }
        out
    }

    /// Shapes that made rendering quadratic (or amplified the HTML), each ~100 kB.
    fn pathological() -> Vec<(&'static str, String)> {
        const N: usize = 100_000;
        vec![
            ("nested quotes on one line", about("> ", N)),
            ("nested quotes, no spaces", about(">", N)),
            (
                "quotes deepening line by line",
                numbered(N, |i| format!("{} a\n", ">".repeat(i))),
            ),
            ("nested lists on one line", about("* + - ", N)),
            ("nested ordered lists", about("1. ", N)),
            ("quotes and lists", about("> - ", N)),
            (
                "indented list staircase",
                numbered(N, |i| format!("{}- a\n", "  ".repeat(i))),
            ),
            ("emphasis runs", about("*a**a***a", N)),
            (
                "nested emphasis",
                format!("{}{}", about("*a ", N / 2), about(" a*", N / 2)),
            ),
            ("alternating delimiters", about("*_", N)),
            ("brackets", about("[", N)),
            ("unclosed links", about("[a](", N)),
            ("unclosed images", about("![a](", N)),
            (
                "reference definitions",
                numbered(N, |i| format!("[r{i}]: /u{i}\n")),
            ),
            ("unclosed autolinks", about("<", N)),
            (
                "wide table header, short rows",
                format!(
                    "{}\n{}\n{}",
                    about("|a", N / 8),
                    about("|-", N / 8),
                    about("x\n", N * 3 / 4)
                ),
            ),
            (
                "table of many rows",
                format!(
                    "{}\n{}\n{}",
                    "|a".repeat(10),
                    "|-".repeat(10),
                    about(&format!("{}\n", "|b".repeat(10)), N)
                ),
            ),
            (
                "footnote references",
                format!("[^a]: x\n\n{}", about("[^a]", N)),
            ),
            (
                "footnote chain",
                numbered(N, |i| format!("[^f{i}]: [^f{}]\n", i + 1)),
            ),
            ("nested div blocks", about("<div>", N)),
            ("nested divs, one per line", about("<div>\n", N)),
            ("nested inline tags", format!("x {}", about("<b>", N))),
            (
                "misnested inline tags",
                format!("x {}", about("<b>x</i>", N)),
            ),
            ("nested lists in HTML", about("<ul><li>", N)),
            ("distinct formatting then paragraphs", {
                let mut s = numbered(N / 2, |i| format!("<b t={i}>"));
                s.push_str(&about("<p>y", N / 2));
                s
            }),
            ("formatting left open across paragraphs", {
                let mut s = numbered(N / 2, |i| format!("<b title={i}>"));
                s.push_str(&about("\n\ny", N / 2));
                s
            }),
            (
                "formatting stranded by scope",
                about("<div><span><span><object></div>", N),
            ),
            ("tables in HTML", format!("<table>{}", about("<b>x", N))),
            ("backticks", about("` a", N)),
            ("escapes", about("\\*", N)),
            ("entities", about("&amp;", N)),
            ("script openers", about("<script>", N)),
        ]
    }

    #[test]
    fn pathological_shapes_are_refused_or_cheap() {
        let prose = about(
            "The quick brown fox jumps over the lazy dog, and *then* some **more** text with a \
             [link](https://example.com) and `code`.\n\n",
            100_000,
        );
        assert_eq!(check_limits(&prose), Ok(()));
        let _ = timed(&prose); // warm the sanitizer
        let base = timed(&prose);
        let bound = base * 20 + Duration::from_millis(50);
        for (shape, markdown) in pathological() {
            let verdict = check_limits(&markdown);
            let took = timed(&markdown);
            assert!(
                took <= bound,
                "{shape}: {took:?} (prose: {base:?}, limit result {verdict:?})"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_with_a_message() {
        let error = check_limits(&"> ".repeat(50_000)).expect_err("refused");
        assert_eq!(error, MarkdownLimitError::ContainersTooDeep);
        assert_eq!(
            error.to_string(),
            "quotes and lists may nest at most 16 levels deep"
        );
        assert_eq!(
            check_limits(&"<div>".repeat(100)),
            Err(MarkdownLimitError::ElementsTooDeep)
        );
        assert_eq!(
            check_limits(&"<b>x</i>".repeat(100)),
            Err(MarkdownLimitError::ElementsTooDeep)
        );
        assert_eq!(
            check_limits(&"x <b>a\n\n".repeat(40)),
            Err(MarkdownLimitError::MisnestedHtml)
        );
        let wide = format!(
            "{}\n{}\n{}",
            "|a".repeat(2000),
            "|-".repeat(2000),
            "x\n".repeat(100)
        );
        assert_eq!(
            check_limits(&wide),
            Err(MarkdownLimitError::TooManyTableCells)
        );
        assert_eq!(check_limits(&"> ".repeat(16)), Ok(()));
        assert_eq!(
            check_limits(&"> ".repeat(17)),
            Err(MarkdownLimitError::ContainersTooDeep)
        );
    }

    #[test]
    fn refused_markdown_still_renders_as_text() {
        let html = render_html(&format!(
            "{}<img src=x onerror=alert(1)>\n\nnext",
            "> ".repeat(40)
        ));
        assert!(html.starts_with("<p>&gt; &gt;"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.ends_with("<p>next</p>\n"), "{html}");
    }

    #[test]
    fn rich_markdown_is_accepted() {
        let mut doc = String::from(
            "# Release notes\n\nSome *emphasis*, **strong**, ~~gone~~, `code` and a [link](https://example.com \"t\").\n\n",
        );
        doc.push_str("- one\n  - two\n    - three\n      - four *deep* [x](https://e.com)\n        1. five\n\n");
        doc.push_str("> quoted\n> > twice\n> > > thrice\n> > > - with a list\n\n");
        doc.push_str("- [x] done\n- [ ] todo\n\n");
        doc.push_str(&format!("|{}\n|{}\n", "h|".repeat(10), "-|".repeat(10)));
        for row in 0..10 {
            doc.push_str(&format!("|{}\n", format!("r{row} **b**|").repeat(10)));
        }
        doc.push_str("\n```rust\nfn main() { let x = 1 < 2; }\n```\n\n");
        doc.push_str("Footnote[^1].\n\n[^1]: The note.\n\n");
        doc.push_str("<details>\n<summary>More</summary>\n\nHidden *markdown* <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup><br>\n\n</details>\n\n");
        doc.push_str("<b>bold <i>both</i></b> and <a href=\"https://e.com\">raw link</a>, <p>a raw para</p>\n\n");
        let doc = doc.repeat(40);
        assert_eq!(check_limits(&doc), Ok(()));
        let html = render_html(&doc);
        assert!(html.contains("<blockquote>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<strong>b</strong>"), "{html}");
        assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");
        assert!(
            html.contains("<input type=\"checkbox\" disabled=\"\" checked=\"\">")
                || html.contains("checked"),
            "{html}"
        );
    }

    #[test]
    fn inputs_survive_only_as_disabled_checkboxes() {
        let html = render_html("- [x] done\n- [ ] todo");
        assert_eq!(html.matches("type=\"checkbox\"").count(), 2, "{html}");
        assert_eq!(html.matches("disabled=\"\"").count(), 2, "{html}");
        assert_eq!(html.matches("checked=\"\"").count(), 1, "{html}");
        for hostile in [
            "<input type=password name=p>",
            "<input type=submit value=go>",
            "<input value=typed>",
            "<input type=\"TEXT\" checked=yes disabled=no>",
        ] {
            let html = render_html(hostile);
            assert!(html.contains("<input"), "{html}");
            assert!(html.contains("type=\"checkbox\""), "{hostile}: {html}");
            assert!(html.contains("disabled=\"\""), "{hostile}: {html}");
            for bad in [
                "password", "submit", "value", "name=", "text", "TEXT", "yes", "no\"",
            ] {
                assert!(!html.contains(bad), "{hostile}: {html}");
            }
        }
    }

    #[test]
    fn raw_text_elements_are_shown_not_parsed() {
        let html = render_html("a <style>x</style> <SCRIPT>alert(1)</script> b");
        assert!(!html.contains("<style"), "{html}");
        assert!(!html.to_lowercase().contains("<script"), "{html}");
        assert!(html.contains("&lt;style&gt;"), "{html}");
    }

    #[test]
    fn long_excerpts_count_incrementally() {
        let text = "word ".repeat(20_000);
        assert_eq!(excerpt(&text, 50_000).chars().count(), 50_000);
        assert_eq!(plain_text(&text).len(), text.trim().len());
    }
}
