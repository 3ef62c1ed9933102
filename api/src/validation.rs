//! Field rules shared by several request types (validator custom functions).

use validator::ValidationError;

fn error(code: &'static str, message: &'static str) -> ValidationError {
    let mut error = ValidationError::new(code);
    error.message = Some(message.into());
    error
}

/// 3–20 letters, digits, `_`, `-` or `.`; not all digits (a number in a URL means an id).
pub fn user_name(name: &str) -> Result<(), ValidationError> {
    let length = name.chars().count();
    if !(3..=20).contains(&length) {
        return Err(error("length", "must be 3 to 20 characters"));
    }
    if name.contains('@') {
        return Err(error("no_at", "must not contain @"));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(error(
            "characters",
            "may contain only letters, digits, _, - and .",
        ));
    }
    if name.chars().all(|c| c.is_ascii_digit()) {
        return Err(error("all_digits", "must contain at least one non-digit"));
    }
    Ok(())
}

/// An absolute http(s) URL, at most 255 characters; empty is allowed (means none).
pub fn http_url(value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Ok(());
    }
    if value.len() > 255 {
        return Err(error("length", "must be at most 255 characters"));
    }
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
        _ => Err(error("url", "must be an http:// or https:// URL")),
    }
}

/// Text that is not only white space.
pub fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(error("blank", "must not be blank"));
    }
    Ok(())
}

/// Up to 5 tags, each 1–32 letters, digits or `-_+.#` (tags appear in URLs, so no `/` or spaces).
pub fn tags(tags: &[String]) -> Result<(), ValidationError> {
    if tags.len() > 5 {
        return Err(error("count", "at most 5 tags"));
    }
    for tag in tags {
        let tag = tag.trim();
        let length = tag.chars().count();
        if !(1..=32).contains(&length) {
            return Err(error("length", "each tag must be 1 to 32 characters"));
        }
        if !tag
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '+' | '.' | '#'))
        {
            return Err(error(
                "characters",
                "tags may contain only letters, digits and - _ + . #",
            ));
        }
    }
    Ok(())
}

/// Trimmed, lower-cased, de-duplicated, in the order given.
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut seen = Vec::new();
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !seen.contains(&tag) {
            seen.push(tag);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(user_name("alice").is_ok());
        assert!(user_name("李小龙").is_ok());
        assert!(user_name("al").is_err());
        assert!(user_name("a@b.c").is_err());
        assert!(user_name("12345").is_err());
        assert!(user_name("has space").is_err());
    }

    #[test]
    fn urls() {
        assert!(http_url("https://example.com/a").is_ok());
        assert!(http_url("").is_ok());
        assert!(http_url("javascript:alert(1)").is_err());
        assert!(http_url("ftp://example.com").is_err());
    }
}
