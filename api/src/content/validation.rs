//! Field rules shared by several request types (validator custom functions).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_security::general_security_profile::IdentifierType;
use unicode_security::{GeneralSecurityProfile, RestrictionLevel, RestrictionLevelDetection};
use validator::ValidationError;

/// The key user names are unique under: `alice`, `Alice`, `аlice` (Cyrillic а) and `ａｌｉｃｅ`
/// share one.
pub use migration::names::{name_key, name_skeleton};

fn error(code: &'static str, message: &'static str) -> ValidationError {
    let mut error = ValidationError::new(code);
    error.message = Some(message.into());
    error
}

// ---- user names (Unicode TR39) ----

/// The strictest mixing of scripts a name may show (TR39 §5.2).
///
/// Highly Restrictive allows one script, or Latin together with exactly one of
/// Han+Hiragana+Katakana (Japanese), Han+Bopomofo (Chinese) or Han+Hangul
/// (Korean). Moderately Restrictive would also allow Latin + any other
/// Recommended script except Cyrillic/Greek, i.e. Latin + Armenian (`gօօgle`,
/// Armenian օ) or Latin + Cherokee-like look-alikes; those spoofs are what this
/// rule is for, and a person can always pick one script for a name.
const MAX_RESTRICTION_LEVEL: RestrictionLevel = RestrictionLevel::HighlyRestrictive;

/// Most combining marks in a row (in NFD) a name may have (TR39 §5.4).
const MAX_MARK_RUN: usize = 4;

/// Characters that draw nothing, or only blank space, and so make a name look
/// like another one (or like nothing at all).
///
/// The explicit list is Default_Ignorable_Code_Point (DerivedCoreProperties.txt)
/// plus the blank "letters" and fillers that are not default-ignorable; the TR39
/// Identifier_Type=Default_Ignorable table of `unicode-security` is consulted too,
/// so a newer Unicode version there is picked up.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        // Default_Ignorable_Code_Point
        '\u{00AD}'                      // SOFT HYPHEN
        | '\u{034F}'                    // COMBINING GRAPHEME JOINER
        | '\u{061C}'                    // ARABIC LETTER MARK
        | '\u{115F}' | '\u{1160}'       // HANGUL CHOSEONG / JUNGSEONG FILLER
        | '\u{17B4}' | '\u{17B5}'       // KHMER VOWEL INHERENT AQ / AA
        | '\u{180B}'..='\u{180F}'       // MONGOLIAN FVS1-4, VOWEL SEPARATOR
        | '\u{200B}'..='\u{200F}'       // ZWSP, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}'       // bidi embeddings / overrides
        | '\u{2060}'..='\u{206F}'       // WORD JOINER, invisible operators, bidi isolates
        | '\u{3164}'                    // HANGUL FILLER
        | '\u{FE00}'..='\u{FE0F}'       // VARIATION SELECTORS
        | '\u{FEFF}'                    // ZERO WIDTH NO-BREAK SPACE (BOM)
        | '\u{FFA0}'                    // HALFWIDTH HANGUL FILLER
        | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}'     // SHORTHAND FORMAT CONTROLS
        | '\u{1D173}'..='\u{1D17A}'     // MUSICAL SYMBOL BEGIN/END ...
        | '\u{E0000}'..='\u{E0FFF}'     // TAGS, VARIATION SELECTORS SUPPLEMENT
        // blank but not default-ignorable
        | '\u{2800}'                    // BRAILLE PATTERN BLANK
        | '\u{16FE4}'                   // KHITAN SMALL SCRIPT FILLER
        | '\u{1D159}'                   // MUSICAL SYMBOL NULL NOTEHEAD
    ) || c.identifier_type() == Some(IdentifierType::Default_Ignorable)
        || c.is_control()
        // Any white space but the plain space, which the `characters` rule reports.
        || (c.is_whitespace() && c != ' ')
}

fn is_name_punctuation(c: char) -> bool {
    matches!(c, '_' | '-' | '.')
}

/// 3–20 letters, digits, `_`, `-` or `.`; not all digits (a number in a URL means an id).
///
/// On top of that (Unicode TR39): no invisible or filler characters, NFC only,
/// every character Identifier_Status=Allowed, no confusing mix of scripts (Highly
/// Restrictive), at least one letter, and combining marks only inside words and
/// not stacked. Uniqueness up to look-alikes is `name_skeleton`'s job.
pub fn user_name(name: &str) -> Result<(), ValidationError> {
    let length = name.chars().count();
    if !(3..=20).contains(&length) {
        return Err(error("length", "must be 3 to 20 characters"));
    }
    if name.contains('@') {
        return Err(error("no_at", "must not contain @"));
    }
    if name.chars().any(is_invisible) {
        return Err(error(
            "invisible",
            "must not contain invisible or blank characters (zero-width characters, fillers, special spaces)",
        ));
    }
    // Refused, not silently normalised: a validator cannot change the value, and
    // the name shown must be the name checked. Keyboards and browsers send NFC.
    if !unicode_normalization::is_nfc(name) {
        return Err(error(
            "not_nfc",
            "must use composed characters (Unicode NFC), e.g. é as one character",
        ));
    }
    // Letters and digits, plus combining marks that belong to a letter (Devanagari,
    // Tamil, ... need them: नमस्ते, தமிழ்), plus `_`, `-` and `.`.
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let ok = c.is_alphanumeric()
            || is_name_punctuation(c)
            || (is_combining_mark(c) && previous.is_some_and(|p| !is_name_punctuation(p)));
        if !ok {
            return Err(error(
                "characters",
                "may contain only letters, digits, _, - and .",
            ));
        }
        previous = Some(c);
    }
    if name.chars().all(|c| c.is_ascii_digit()) {
        return Err(error("all_digits", "must contain at least one non-digit"));
    }
    if !name.chars().any(char::is_alphabetic) {
        return Err(error("no_letter", "must contain at least one letter"));
    }
    // TR39 §5.4: no more than MAX_MARK_RUN marks in a row, and no mark repeated.
    let mut run = 0;
    let mut previous = None;
    for c in name.nfd() {
        if is_combining_mark(c) {
            run += 1;
            if run > MAX_MARK_RUN || previous == Some(c) {
                return Err(error(
                    "stacked_marks",
                    "must not stack accents or other combining marks",
                ));
            }
        } else {
            run = 0;
        }
        previous = Some(c);
    }
    if !name
        .chars()
        .all(|c| c.identifier_allowed() || is_name_punctuation(c))
    {
        return Err(error(
            "restricted_character",
            "contains a character not allowed in names (a symbol, a compatibility or width variant, or a historic or rare letter)",
        ));
    }
    if !name.check_restriction_level(MAX_RESTRICTION_LEVEL) {
        return Err(error(
            "mixed_scripts",
            "must not mix letters of different scripts (Latin may go with Chinese, Japanese or Korean)",
        ));
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

/// One line of text (titles, display names): no control characters at all (NUL, newlines,
/// escape sequences, bidirectional overrides are not part of a title).
pub fn single_line(value: &str) -> Result<(), ValidationError> {
    if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(error(
            "control_characters",
            "must not contain control characters or line breaks",
        ));
    }
    Ok(())
}

/// Free text (markdown, bios): line breaks and tabs are fine, other control characters are not.
pub fn text(value: &str) -> Result<(), ValidationError> {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(error(
            "control_characters",
            "must not contain control characters other than line breaks and tabs",
        ));
    }
    Ok(())
}

/// Markdown of a post or comment: free text within the renderer's limits (nesting depth and
/// the like; see `markdown::check_limits`).
pub fn markdown(value: &str) -> Result<(), ValidationError> {
    text(value)?;
    crate::content::markdown::check_limits(value).map_err(|limit| {
        let mut error = ValidationError::new("markdown_limits");
        error.message = Some(limit.to_string().into());
        error
    })
}

/// Characters that reorder the text around them (U+202A–U+202E, U+2066–U+2069): in a title
/// they make the link say something else than where it goes.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from elsewhere (feeds, sign-in providers) with control characters removed: NUL cannot
/// be stored by PostgreSQL, and none of them belong in a title or a post.
pub fn strip_control(value: &str, keep_line_breaks: bool) -> String {
    value
        .chars()
        .filter(|c| {
            !(c.is_control() || is_bidi_control(*c))
                || (keep_line_breaks && matches!(c, '\n' | '\r' | '\t'))
        })
        .collect()
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

/// Whether `tag` could be a stored tag (the rule of `tags`, for one filter value).
pub fn is_tag(tag: &str) -> bool {
    tags(&[tag.to_string()]).is_ok()
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

/// Normalisation done once, as a request is parsed (`#[serde(deserialize_with = …)]`), so a
/// create and an update of the same thing cannot normalise differently.
pub mod parse {
    use serde::{Deserialize, Deserializer};

    /// A string without its surrounding white space.
    pub fn trimmed<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        Ok(String::deserialize(deserializer)?.trim().to_string())
    }

    /// An optional string without its surrounding white space (`""` stays, e.g. "remove").
    pub fn trimmed_option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(|text| text.trim().to_string()))
    }

    /// An optional link: trimmed, and absent when empty.
    pub fn link<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
        Ok(trimmed_option(deserializer)?.filter(|link| !link.is_empty()))
    }

    /// Tags as stored: trimmed, lower-cased, without repeats (validated after this).
    pub fn tags<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
        Ok(super::normalize_tags(&Vec::<String>::deserialize(
            deserializer,
        )?))
    }

    /// Optional tags, normalised like `tags`.
    pub fn tags_option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<String>>, D::Error> {
        Ok(Option::<Vec<String>>::deserialize(deserializer)?
            .map(|tags| super::normalize_tags(&tags)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseless::Caseless;

    fn code(name: &str) -> String {
        match user_name(name) {
            Ok(()) => "ok".into(),
            Err(e) => {
                assert!(e.message.is_some(), "{name:?}: error without message");
                e.code.into_owned()
            }
        }
    }

    #[test]
    fn old_rules_still_hold() {
        assert_eq!(code("alice"), "ok");
        assert_eq!(code("李小龙"), "ok");
        assert_eq!(code("al"), "length");
        assert_eq!(code("abcdefghijklmnopqrstu"), "length");
        assert_eq!(code("abcdefghijklmnopqrst"), "ok");
        assert_eq!(code("a@b.c"), "no_at");
        assert_eq!(code("12345"), "all_digits");
        assert_eq!(code("has space"), "characters");
        assert_eq!(code("a/b"), "characters");
        assert_eq!(code("a+b"), "characters");
        assert_eq!(code("bob_2.0-x"), "ok");
        assert_eq!(code("007bond"), "ok");
    }

    #[test]
    fn plain_single_script_and_cjk_names_pass() {
        let latin = [
            "alice", "Alice", "ALICE", "bob", "José", "Zoë", "Straße", "Łukasz",
        ];
        let cyrillic_only = ["Иван", "владимир", "Ёжик"];
        let greek_only = ["Ελένη", "Σωκράτης", "ΟΔΥΣΣΕΑΣ"];
        let chinese = ["李小龙", "王小明", "張偉明"];
        let japanese = [
            "やまだ太郎",
            "山田たろう",
            "カタカナ漢字ひらがな",
            "ゆうこ",
            "セーラー",
        ];
        let korean = ["김철수", "한국어"];
        let latin_with_cjk = ["abc漢字", "taro山田", "abcカナ", "kim김철수"];
        let other_scripts = ["नमस्ते", "தமிழ்", "สมชาย", "محمد", "דוד", "Գայանե"];
        let punctuated = ["ivan_2024", "anna.k", "mary-jane"];
        for name in [
            &latin[..],
            &cyrillic_only,
            &greek_only,
            &chinese,
            &japanese,
            &korean,
            &latin_with_cjk,
            &other_scripts,
            &punctuated,
        ]
        .concat()
        {
            assert_eq!(code(name), "ok", "{name}");
        }
    }

    #[test]
    fn invisible_and_filler_characters_are_refused() {
        assert_eq!(code("ㅤㅤㅤ"), "invisible"); // U+3164 HANGUL FILLER
        for bad in [
            '\u{3164}',
            '\u{115F}',
            '\u{1160}',
            '\u{FFA0}', // Hangul fillers
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}', // zero width
            '\u{00AD}',
            '\u{034F}',
            '\u{061C}',
            '\u{180E}',
            '\u{200E}',
            '\u{202E}',
            '\u{2066}',
            '\u{FE0F}',
            '\u{E0041}',
            '\u{E0100}',
            '\u{2800}',
            '\u{16FE4}',
            '\u{1D159}',
            '\u{00A0}',
            '\u{3000}',
            '\u{2003}',
            '\u{0009}',
            '\u{0000}',
            '\u{0085}',
        ] {
            for name in [
                format!("al{bad}ice"),
                format!("{bad}alice"),
                format!("alice{bad}"),
            ] {
                assert_eq!(code(&name), "invisible", "U+{:04X}", bad as u32);
            }
            // And a name of nothing else.
            let only: String = [bad; 3].iter().collect();
            assert_eq!(code(&only), "invisible", "U+{:04X} x3", bad as u32);
        }
    }

    #[test]
    fn every_default_ignorable_in_the_tr39_table_is_refused() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.identifier_type() == Some(IdentifierType::Default_Ignorable) {
                assert!(is_invisible(c), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn look_alike_characters_are_refused() {
        assert_eq!(code("ａｌｉｃｅ"), "restricted_character"); // fullwidth: Not_NFKC
        assert_eq!(code("ǅemal"), "restricted_character"); // U+01C5 titlecase digraph
        assert_eq!(code("ﬁnn"), "restricted_character"); // U+FB01 ligature
        assert_eq!(code("ᴀdmin"), "restricted_character"); // U+1D00 small capital
        assert_eq!(code("𝐚𝐥𝐢𝐜𝐞"), "restricted_character"); // mathematical bold
        assert_eq!(code("x²y"), "restricted_character"); // superscript two
        assert_eq!(code("ⅷiii"), "restricted_character"); // roman numeral
    }

    #[test]
    fn confusing_script_mixes_are_refused() {
        assert_eq!(code("аlice"), "mixed_scripts"); // Cyrillic а + Latin
        assert_eq!(code("bοb"), "mixed_scripts"); // Greek ο + Latin
        assert_eq!(code("pаypal"), "mixed_scripts");
        assert_eq!(code("Иванov"), "mixed_scripts"); // Cyrillic + Latin
        assert_eq!(code("abc_ά"), "mixed_scripts"); // Latin + Greek
        assert_eq!(code("gօօgle"), "mixed_scripts"); // Armenian օ: Moderately Restrictive only
        assert_eq!(code("raj_राज"), "mixed_scripts"); // Latin + Devanagari: Moderately only
        assert_eq!(code("Ελένηиван"), "mixed_scripts"); // Greek + Cyrillic
        assert_eq!(code("김철수カナ"), "mixed_scripts"); // Hangul + Katakana
    }

    #[test]
    fn non_nfc_is_refused() {
        assert_eq!(code("Jose\u{301}"), "not_nfc"); // e + COMBINING ACUTE
        assert_eq!(code("José"), "ok");
        assert_eq!(code("\u{212B}ngstrom"), "not_nfc"); // ANGSTROM SIGN
        assert_eq!(code("\u{F900}abc"), "not_nfc"); // CJK compatibility ideograph
    }

    #[test]
    fn marks_only_inside_words_and_not_stacked() {
        assert_eq!(code("\u{94D}नम"), "characters"); // starts with a virama
        assert_eq!(code("a_\u{301}b"), "characters"); // accent on _
        assert_eq!(code("abc\u{308}\u{308}"), "stacked_marks"); // same mark twice
        assert_eq!(
            code("x\u{301}\u{302}\u{303}\u{304}\u{305}"),
            "stacked_marks"
        ); // 5 marks
        assert_eq!(code("x\u{301}\u{302}\u{303}\u{304}yz"), "ok"); // 4 marks
    }

    #[test]
    fn punctuation_only_is_refused() {
        assert_eq!(code("..."), "no_letter");
        assert_eq!(code("_-_"), "no_letter");
        assert_eq!(code("१२३"), "no_letter"); // Devanagari digits
        assert_eq!(code("1.2"), "no_letter");
    }

    #[test]
    fn long_valid_names_are_not_cut() {
        for name in [
            "꽦꿲뀂뙊꽦꿲뀂뙊꽦꿲뀂뙊꽦꿲뀂뙊꽦꿲뀂뙊",
            "ဪဣဪဣဪဣဪဣဪဣဪဣဪဣဪဣဪဣဪဣ",
            "mmmmmmmmmmmmmmmmmmmm",
        ] {
            assert_eq!(code(name), "ok", "{name}");
            assert_eq!(name_skeleton(name), unbounded_skeleton(name), "{name}");
        }
    }

    fn unbounded_skeleton(s: &str) -> String {
        unicode_security::skeleton(&s.nfkc().default_case_fold().collect::<String>())
            .default_case_fold()
            .nfd()
            .collect()
    }

    #[test]
    fn control_characters() {
        assert!(single_line("a title").is_ok());
        assert!(single_line("a\u{0}b").is_err());
        assert!(single_line("two\nlines").is_err());
        assert!(single_line("evil\u{202E}txt.exe").is_err());
        assert!(text("two\nlines\tand tabs").is_ok());
        assert!(text("nul\u{0}").is_err());
        assert!(text("esc\u{1b}[31m").is_err());
        assert_eq!(strip_control("a\u{0}b\nc", true), "ab\nc");
        assert_eq!(strip_control("a\u{0}b\nc", false), "abc");
    }

    #[test]
    fn urls() {
        assert!(http_url("https://example.com/a").is_ok());
        assert!(http_url("").is_ok());
        assert!(http_url("javascript:alert(1)").is_err());
        assert!(http_url("ftp://example.com").is_err());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any name the rules accept has a bounded key, and its look-alike variants in case
            /// collide with it.
            #[test]
            fn accepted_names_have_bounded_keys(name in "\\PC{0,24}") {
                let skeleton = name_skeleton(&name);
                prop_assert!(skeleton.len() <= (name.len() * 8).max(16));
                prop_assert_eq!(name_key(&name).len(), 64);
                if user_name(&name).is_ok() {
                    prop_assert_eq!(name_key(&name), name_key(&name.to_uppercase()));
                }
            }

            /// Text that passes the free-text rule has no NUL, and stripping leaves nothing the
            /// rules would refuse.
            #[test]
            fn stripped_text_passes(input in "\\PC*|[\u{0}-\u{1f}a-z]{0,50}") {
                prop_assert!(text(&strip_control(&input, true)).is_ok());
                prop_assert!(single_line(&strip_control(&input, false)).is_ok());
            }
        }
    }
}
