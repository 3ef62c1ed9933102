//! Mail templates: `{subject,text,html}` per kind of mail, built in (from `api/templates/mail`)
//! and overridable file by file from `TIDINGS_MAIL_TEMPLATES_DIR`.
//!
//! The language is deliberately tiny — `{{ name }}` is replaced by a value, nothing else — so an
//! operator's template cannot run code; values are HTML-escaped in the HTML part.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Every mail Tidings sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// "Confirm your address", with a single-use link.
    Confirm,
    /// "Reset your password", with a single-use link.
    Reset,
    /// "Your password was changed".
    PasswordChanged,
    /// "Welcome", once the address is confirmed.
    Welcome,
    /// "You already have an account": what a sign-up with a registered address sends to the
    /// address's owner, so the sign-up answer itself reveals nothing.
    AccountExists,
    /// "Confirm your new address", with a single-use link, to the address being changed to.
    EmailChange,
    /// "Your address was changed", to the address it was changed from.
    EmailChanged,
    /// A digest of notifications (replies, mentions, …) with a one-click unsubscribe link.
    Notifications,
}

impl MailKind {
    pub const ALL: [MailKind; 8] = [
        MailKind::Confirm,
        MailKind::Reset,
        MailKind::PasswordChanged,
        MailKind::Welcome,
        MailKind::AccountExists,
        MailKind::EmailChange,
        MailKind::EmailChanged,
        MailKind::Notifications,
    ];

    /// The file stem of its templates.
    pub fn stem(self) -> &'static str {
        match self {
            MailKind::Confirm => "confirm",
            MailKind::Reset => "reset",
            MailKind::PasswordChanged => "password_changed",
            MailKind::Welcome => "welcome",
            MailKind::AccountExists => "account_exists",
            MailKind::EmailChange => "email_change",
            MailKind::EmailChanged => "email_changed",
            MailKind::Notifications => "notifications",
        }
    }

    fn built_in(self) -> Template {
        let (subject, text, html) = match self {
            MailKind::Confirm => (
                include_str!("../../templates/mail/confirm.subject.txt"),
                include_str!("../../templates/mail/confirm.txt"),
                include_str!("../../templates/mail/confirm.html"),
            ),
            MailKind::Reset => (
                include_str!("../../templates/mail/reset.subject.txt"),
                include_str!("../../templates/mail/reset.txt"),
                include_str!("../../templates/mail/reset.html"),
            ),
            MailKind::PasswordChanged => (
                include_str!("../../templates/mail/password_changed.subject.txt"),
                include_str!("../../templates/mail/password_changed.txt"),
                include_str!("../../templates/mail/password_changed.html"),
            ),
            MailKind::Welcome => (
                include_str!("../../templates/mail/welcome.subject.txt"),
                include_str!("../../templates/mail/welcome.txt"),
                include_str!("../../templates/mail/welcome.html"),
            ),
            MailKind::AccountExists => (
                include_str!("../../templates/mail/account_exists.subject.txt"),
                include_str!("../../templates/mail/account_exists.txt"),
                include_str!("../../templates/mail/account_exists.html"),
            ),
            MailKind::EmailChange => (
                include_str!("../../templates/mail/email_change.subject.txt"),
                include_str!("../../templates/mail/email_change.txt"),
                include_str!("../../templates/mail/email_change.html"),
            ),
            MailKind::EmailChanged => (
                include_str!("../../templates/mail/email_changed.subject.txt"),
                include_str!("../../templates/mail/email_changed.txt"),
                include_str!("../../templates/mail/email_changed.html"),
            ),
            MailKind::Notifications => (
                include_str!("../../templates/mail/notifications.subject.txt"),
                include_str!("../../templates/mail/notifications.txt"),
                include_str!("../../templates/mail/notifications.html"),
            ),
        };
        Template {
            subject: subject.to_string(),
            text: text.to_string(),
            html: html.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Template {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// One rendered mail.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone)]
pub struct Templates {
    by_kind: HashMap<MailKind, Template>,
}

impl Templates {
    /// The built-in templates, each file replaced by its namesake in `dir` when there is one.
    /// Read once at start-up: a broken override fails the start, not a mail hours later.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Templates> {
        let mut by_kind = HashMap::new();
        for kind in MailKind::ALL {
            let mut template = kind.built_in();
            if let Some(dir) = dir {
                let stem = kind.stem();
                for (suffix, slot) in [
                    ("subject.txt", &mut template.subject),
                    ("txt", &mut template.text),
                    ("html", &mut template.html),
                ] {
                    let path = dir.join(format!("{stem}.{suffix}"));
                    match std::fs::read_to_string(&path) {
                        Ok(custom) => *slot = custom,
                        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                        Err(error) => {
                            return Err(anyhow::anyhow!(
                                "reading the mail template {}: {error}",
                                path.display()
                            ));
                        }
                    }
                }
            }
            by_kind.insert(kind, template);
        }
        Ok(Templates { by_kind })
    }

    pub fn render(&self, kind: MailKind, values: &[(&str, &str)]) -> Rendered {
        let template = self
            .by_kind
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| kind.built_in());
        Rendered {
            // A header is one line.
            subject: substitute(&template.subject, values, false)
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            text: substitute(&template.text, values, false),
            html: substitute(&template.html, values, true),
        }
    }
}

/// Replaces every `{{ key }}` by its value; unknown keys become empty.
fn substitute(template: &str, values: &[(&str, &str)], html: bool) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let key = after[..end].trim();
        if let Some((_, value)) = values.iter().find(|(name, _)| *name == key) {
            if html {
                out.push_str(&escape_html(value));
            } else {
                out.push_str(value);
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_in_html_only() {
        let values = [("name", "<b>&"), ("link", "http://x/?a=1&b=2")];
        assert_eq!(
            substitute("Hi {{ name }} {{link}} {{ unknown }}!", &values, false),
            "Hi <b>& http://x/?a=1&b=2 !"
        );
        assert_eq!(
            substitute("<p>{{ name }}</p><a href=\"{{ link }}\">", &values, true),
            "<p>&lt;b&gt;&amp;</p><a href=\"http://x/?a=1&amp;b=2\">"
        );
        assert_eq!(substitute("open {{ brace", &values, true), "open {{ brace");
    }
}
