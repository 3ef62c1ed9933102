//! `@name` mentions: finding them in markdown (outside code and links), and the map of names
//! that exist, which rendering turns into links to their profiles. Names are matched as user
//! names are unique — by `name_key`, so `@Alice` finds `alice` — and linked under their own
//! spelling. Unknown names stay plain text.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeStream};

use super::validation::name_key;

/// Distinct names looked up (and people told) per post or comment; the rest stay text.
pub const MAX_MENTIONS: usize = 20;
const MIN_NAME_CHARS: usize = 3;
const MAX_NAME_CHARS: usize = 20;

/// The existing accounts a text names: `name_key` → (id, name).
#[derive(Debug, Clone, Default)]
pub struct Mentions(HashMap<String, (i64, String)>);

impl Mentions {
    pub fn new(found: impl IntoIterator<Item = (i64, String)>) -> Mentions {
        Mentions(
            found
                .into_iter()
                .map(|(id, name)| (name_key(&name), (id, name)))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids named, without `author`.
    pub fn users_except(&self, author: i64) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .0
            .values()
            .map(|(id, _)| *id)
            .filter(|id| *id != author)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The stored spelling of the account `written` names, if it exists.
    pub fn name_for(&self, written: &str) -> Option<&str> {
        self.0
            .get(&name_key(written))
            .map(|(_, name)| name.as_str())
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The `@name` tokens of one run of text: (byte start of `@`, byte end, name). An `@` right
/// after a letter, digit or name punctuation (an address, `a@b`) or a `/` (a path) is not one.
pub fn tokens(text: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let starts = c == '@' && !previous.is_some_and(|p| is_name_char(p) || p == '/' || p == '@');
        previous = Some(c);
        if !starts {
            continue;
        }
        let begin = at + 1;
        let mut end = begin;
        let mut count = 0usize;
        while let Some(&(index, next)) = chars.peek() {
            if !is_name_char(next) {
                break;
            }
            count += 1;
            end = index + next.len_utf8();
            previous = Some(next);
            chars.next();
        }
        // A sentence's full stop is not part of the name.
        let name = text[begin..end].trim_end_matches('.');
        let length = name.chars().count();
        if (MIN_NAME_CHARS..=MAX_NAME_CHARS).contains(&length) && count <= MAX_NAME_CHARS + 1 {
            found.push((at, begin + name.len(), name));
        }
    }
    found
}

/// The distinct names mentioned in `markdown` (at most [`MAX_MENTIONS`]), in order.
pub fn candidates(markdown: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut skip_depth = 0usize;
    for event in TextMergeStream::new(Parser::new_ext(markdown, super::markdown::options())) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => {
                skip_depth += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Text(text) if skip_depth == 0 => {
                for (_, _, name) in tokens(&text) {
                    let key = name_key(name);
                    if !keys.contains(&key) {
                        keys.push(key);
                        names.push(name.to_string());
                        if names.len() == MAX_MENTIONS {
                            return names;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// `text` with every mention of an existing account made a link to its profile, as markdown
/// events; `None` when it names none.
pub(super) fn link<'a>(text: &str, mentions: &Mentions) -> Option<Vec<Event<'a>>> {
    let mut events = Vec::new();
    let mut done = 0;
    for (start, end, written) in tokens(text) {
        let Some(name) = mentions.name_for(written) else {
            continue;
        };
        if start > done {
            events.push(Event::Text(text[done..start].to_string().into()));
        }
        let escaped = html_escape(name);
        events.push(Event::InlineHtml(
            format!(r#"<a href="/users/{escaped}" class="mention">@{escaped}</a>"#).into(),
        ));
        done = end;
    }
    if events.is_empty() {
        return None;
    }
    if done < text.len() {
        events.push(Event::Text(text[done..].to_string().into()));
    }
    Some(events)
}

fn html_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_but_not_addresses_paths_or_code() {
        let markdown = "Hi @alice and @Bob.\n\nMail me at carol@example.com, see /@dave, \
                        `@erin` and [@frank](https://x.test).\n\n```\n@gina\n```\n\n@al is short, \
                        @alice again.";
        assert_eq!(candidates(markdown), vec!["alice", "Bob"]);
    }

    #[test]
    fn stops_at_the_cap() {
        let markdown: String = (0..100).map(|n| format!("@user{n:03} ")).collect();
        assert_eq!(candidates(&markdown).len(), MAX_MENTIONS);
    }

    #[test]
    fn renders_known_names_as_links_and_leaves_the_rest() {
        let mentions = Mentions::new([(7, "alice".to_string())]);
        let html = super::super::markdown::render_html_with_mentions(
            "hey @ALICE and @nobody, `@alice`",
            &mentions,
        );
        assert!(
            html.contains(r#"<a href="/users/alice" class="mention""#),
            "{html}"
        );
        assert!(html.contains(">@alice</a>"), "{html}");
        assert!(html.contains("@nobody"), "{html}");
        assert!(html.contains("<code>@alice</code>"), "{html}");
        assert_eq!(mentions.users_except(7), Vec::<i64>::new());
    }

    #[test]
    fn a_user_written_class_is_dropped() {
        let html =
            super::super::markdown::render_html(r#"<a href="/x" class="mention evil">x</a>"#);
        assert!(!html.contains("class"), "{html}");
    }
}
