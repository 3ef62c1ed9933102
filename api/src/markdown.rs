//! Markdown to safe HTML, and plain-text excerpts. Everything users write goes through here.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"]);
    builder
});

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// Renders markdown and strips anything that could run script: raw `<script>`, event-handler
/// attributes, `javascript:` and `data:` URLs, styles, iframes.
pub fn render_html(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options()));
    SANITIZER.clean(&unsafe_html).to_string()
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
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(chunk) | Event::Code(chunk) if !in_code_block => {
                push_collapsed(&mut text, &chunk)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => push_collapsed(&mut text, " "),
            _ => {}
        }
        if max_chars != usize::MAX && text.chars().count() > max_chars {
            break;
        }
    }
    text
}

fn push_collapsed(text: &mut String, chunk: &str) {
    for c in chunk.chars() {
        if c.is_whitespace() {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        } else {
            text.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
