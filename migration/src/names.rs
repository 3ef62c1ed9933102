//! The key user names are unique under (Unicode TR39 skeleton of the NFKC case fold), shared by
//! the server and the migration that backfills it for existing accounts (which cannot depend on
//! the server crate, so it lives here).

use caseless::Caseless;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Output bytes allowed per input byte (never fewer than this many in total).
const SKELETON_GROWTH: usize = 8;
const SKELETON_MIN_BUDGET: usize = 16;

/// Collects `chars` into a string of at most `budget` bytes (stops at the first
/// char that would not fit). Iterators are lazy, so work stops there too.
fn collect_bounded(chars: impl Iterator<Item = char>, budget: usize) -> String {
    let mut out = String::with_capacity(budget.min(256));
    for c in chars {
        if out.len() + c.len_utf8() > budget {
            break;
        }
        out.push(c);
    }
    out
}

/// The key under which names must be unique: NFKC, full case folding, then the
/// UTS #39 skeleton (NFD, default-ignorables removed, confusables mapped to their
/// prototypes, NFD), then case folding once more.
///
/// `alice`, `Alice`, `аlice` (Cyrillic а) and `ａｌｉｃｅ` share a key, as do
/// `bob`/`bοb` and `m`/`rn`; `_`, `-` and `.` are kept, so `a_b` and `a.b`
/// differ. The second fold closes case over confusables: TR39 maps `0` to `O`,
/// which then folds to `o`, so `b0b` meets `bob` as `bOb` meets `bob`.
///
/// Known limit of folding first (as case-insensitive uniqueness needs): `I` is
/// folded to `i` before TR39 could map it to `l`, so `Ill` and `lll` get
/// different keys (mapping I to l first would split `ALICE` from `alice`).
///
/// Bounded: the output is at most `max(8 × input bytes, 16)` bytes (every
/// intermediate is cut at the same budget). 8, not 4: TR39 maps a Hangul
/// syllable (3 bytes) to up to 7 jamo prototypes (21 bytes); every other
/// allowed character grows at most 5x, and no name that passes `user_name` is
/// ever cut (tested) and every step is a single streaming pass, so the work is
/// linear in the input (mark runs are sorted by NFD, as any normaliser does).
/// The result is a comparison key only: never show it.
pub fn name_skeleton(name: &str) -> String {
    let budget = name
        .len()
        .saturating_mul(SKELETON_GROWTH)
        .max(SKELETON_MIN_BUDGET);
    let folded = collect_bounded(name.nfkc().default_case_fold(), budget);
    collect_bounded(
        unicode_security::skeleton(&folded)
            .default_case_fold()
            .nfd(),
        budget,
    )
}

/// What the unique index holds: the SHA-256 of the skeleton in hex (64 characters whatever
/// the name, so the index has the same small width on every database).
pub fn name_key(name: &str) -> String {
    let digest = Sha256::digest(name_skeleton(name).as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_security::GeneralSecurityProfile;

    fn is_name_punctuation(c: char) -> bool {
        matches!(c, '_' | '-' | '.')
    }
    #[test]
    fn skeletons_collide_for_look_alikes() {
        let alice = name_skeleton("alice");
        for name in [
            "Alice",
            "ALICE",
            "аlice",
            "ａｌｉｃｅ",
            "AlIce",
            "ａＬｉｃｅ",
            "al\u{200B}ice",
        ] {
            assert_eq!(name_skeleton(name), alice, "{name}");
        }
        assert_eq!(name_skeleton("bοb"), name_skeleton("bob"));
        assert_eq!(name_skeleton("BOB"), name_skeleton("bob"));
        assert_eq!(name_skeleton("b0b"), name_skeleton("bob")); // 0 ~ O ~ o
        assert_eq!(name_skeleton("m"), name_skeleton("rn")); // TR39: m -> rn
        assert_eq!(name_skeleton("modern"), name_skeleton("rnodern"));
        assert_eq!(name_skeleton("paypal"), name_skeleton("pаypаl"));
        assert_eq!(name_skeleton("l1l"), name_skeleton("lll")); // 1 ~ l
        assert_eq!(name_skeleton("Ill"), name_skeleton("ill")); // case
        // Known limit of folding before the skeleton: capital I becomes i, not l.
        assert_ne!(name_skeleton("Ill"), name_skeleton("lll"));
        assert_eq!(name_skeleton("Straße"), name_skeleton("STRASSE")); // full folding
        assert_eq!(name_skeleton("ΣΩΚΡΑΤΗΣ"), name_skeleton("σωκρατης"));
        assert_eq!(
            name_skeleton("σωκρατης"),
            name_skeleton("σωκρατης".replace('ς', "σ").as_str())
        );
        assert_eq!(name_skeleton("Иван"), name_skeleton("ИВАН"));
        assert_eq!(name_skeleton("Jose\u{301}"), name_skeleton("José"));
        assert_eq!(name_skeleton("ㅤalice"), alice); // fillers vanish from the key
    }

    #[test]
    fn skeletons_keep_real_differences() {
        let distinct = [
            "alice",
            "alice_",
            "a_lice",
            "a-lice",
            "a.lice",
            "alicea",
            "bob",
            "bobby",
            "李小龙",
            "李小虎",
            "a_b",
            "a-b",
            "a.b",
            "ab",
        ];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(name_skeleton(a), name_skeleton(b), "{a} vs {b}");
            }
        }
        assert!(name_skeleton("a_b").contains('_'));
        assert!(name_skeleton("a-b").contains('-'));
        assert!(name_skeleton("a.b").contains('.'));
    }

    #[test]
    fn skeleton_is_stable_on_its_own_output_for_valid_names() {
        for name in [
            "alice",
            "аlice",
            "Straße",
            "李小龙",
            "bοb",
            "modern",
            "Ελένη",
            "Иван",
            "நமஸ்தே",
        ] {
            let once = name_skeleton(name);
            assert_eq!(name_skeleton(&once), once, "{name}");
        }
    }

    #[test]
    fn skeleton_is_bounded() {
        // U+FDFA expands to 18 chars under NFKC; U+0390 to 3 under case folding.
        for input in [
            "\u{FDFA}".repeat(1000),
            "\u{FDFA}".to_string(),
            "ΐ".repeat(5000),
            "ﬃ".repeat(5000),
            "a\u{301}".repeat(3000),
            "\u{301}".repeat(10_000),
            String::new(),
        ] {
            let out = name_skeleton(&input);
            assert!(
                out.len() <= (input.len() * SKELETON_GROWTH).max(SKELETON_MIN_BUDGET),
                "{} -> {} bytes",
                input.len(),
                out.len()
            );
        }
        // Big input, still quick (linear); a quadratic pass would take seconds.
        let big = "аlice_ㅤ".repeat(50_000);
        let started = std::time::Instant::now();
        let out = name_skeleton(&big);
        assert!(out.len() <= big.len() * SKELETON_GROWTH);
        assert!(started.elapsed().as_secs() < 10);
    }

    fn unbounded_skeleton(s: &str) -> String {
        unicode_security::skeleton(&s.nfkc().default_case_fold().collect::<String>())
            .default_case_fold()
            .nfd()
            .collect()
    }

    #[test]
    fn no_valid_name_hits_the_skeleton_budget() {
        // Each allowed character alone, padded to a valid length: the key must
        // fit in 4x without being cut, so valid names are never truncated.
        let mut worst = 0.0f64;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !(c.identifier_allowed() || is_name_punctuation(c)) {
                continue;
            }
            let s = c.to_string();
            let unbounded = unbounded_skeleton(&s);
            worst = worst.max(unbounded.len() as f64 / s.len() as f64);
        }
        assert!(worst <= SKELETON_GROWTH as f64, "worst growth {worst}");
    }
}
