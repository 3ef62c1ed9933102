//! Opaque, authenticated page cursors. A keyset cursor ends a page at a row id and the next page
//! starts strictly after it, so rows inserted meanwhile neither repeat nor shift what comes next;
//! ranked lists (search, hot) page by offset or by (score, id) at a fixed instant.
//!
//! Every cursor is sealed with an HMAC keyed by the server's secret, so a client can only hand
//! back a cursor this server (or another process sharing the secret) issued; a forged or edited
//! cursor is a 400 `invalid_cursor` before anything is decoded. The decoded values are still
//! checked against the same bounds the server uses when it issues them (defence in depth: a
//! leaked secret must not turn into an allocation of 80 GB).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::{IntoParams, ToSchema};

use crate::error::AppError;

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;
/// The deepest position a ranked list (search, hot) pages to.
pub const MAX_OFFSET: u64 = 1000;
/// A cursor longer than this was not issued by us (the longest we issue is about 80).
const MAX_CURSOR_CHARS: usize = 200;
/// Bytes of the HMAC kept in a cursor: 96 bits is far beyond guessing over HTTP.
const TAG_BYTES: usize = 12;
/// A hot-list cursor scores every page at the instant of its first page; pages older than this
/// are refused (the client starts again from the top), so the instant stays near the present.
const HOT_CURSOR_MAX_AGE_SECS: i64 = 24 * 3600;
/// Clock difference between processes tolerated for a hot cursor's instant.
const HOT_CURSOR_FUTURE_SECS: i64 = 300;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `next_cursor` of the previous page, exactly as received (opaque, signed by the server;
    /// at most 200 characters); absent for the first page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// A validated page request: where to start and how many rows to return.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub after: Option<i64>,
    pub limit: u64,
}

/// Where a page of the hot list ended: its (score, id), scored at the instant `now` of the first
/// page, so pages neither repeat nor skip while scores decay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HotPosition {
    pub now: i64,
    pub score: f64,
    pub id: i64,
}

/// Validates a page size against the bounds every list uses.
pub fn page_limit(limit: Option<u64>) -> Result<u64, AppError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::invalid_field(
            "invalid_limit",
            "limit",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    Ok(limit)
}

fn invalid_cursor() -> AppError {
    AppError::bad_request(
        "invalid_cursor",
        "the cursor is not one this API issued (or it has expired); start again from the first page",
    )
}

/// Seals and opens cursors with a key derived from the server's secret.
pub struct Cursors {
    key: [u8; 32],
}

impl Cursors {
    /// `secret` is the server's signing secret; the cursor key is derived from it so a cursor tag
    /// can never be confused with any other use of the secret.
    pub fn from_secret(secret: &[u8]) -> Cursors {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"tidings page cursor v2");
        Cursors {
            key: mac.finalize().into_bytes().into(),
        }
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(payload);
        mac
    }

    fn seal(&self, payload: &str) -> String {
        let tag = self.mac(payload.as_bytes()).finalize().into_bytes();
        let mut bytes = payload.as_bytes().to_vec();
        bytes.extend_from_slice(&tag[..TAG_BYTES]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The payload of a cursor we issued, or `invalid_cursor`.
    fn open(&self, cursor: &str) -> Result<String, AppError> {
        if cursor.len() > MAX_CURSOR_CHARS {
            return Err(invalid_cursor());
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor)
            .map_err(|_| invalid_cursor())?;
        if bytes.len() <= TAG_BYTES {
            return Err(invalid_cursor());
        }
        let (payload, tag) = bytes.split_at(bytes.len() - TAG_BYTES);
        // Constant-time comparison of the truncated tag.
        self.mac(payload)
            .verify_truncated_left(tag)
            .map_err(|_| invalid_cursor())?;
        String::from_utf8(payload.to_vec()).map_err(|_| invalid_cursor())
    }

    /// A keyset cursor: the next page starts after row `id`.
    pub fn encode_key(&self, id: i64) -> String {
        self.seal(&format!("k:{id}"))
    }

    /// Validates a keyset page request (limit and cursor).
    pub fn page(&self, query: &PageQuery) -> Result<PageRequest, AppError> {
        self.page_of(query.cursor.as_deref(), query.limit)
    }

    pub fn page_of(
        &self,
        cursor: Option<&str>,
        limit: Option<u64>,
    ) -> Result<PageRequest, AppError> {
        let limit = page_limit(limit)?;
        let after = match cursor {
            None | Some("") => None,
            Some(cursor) => Some(self.decode_key(cursor)?),
        };
        Ok(PageRequest { after, limit })
    }

    fn decode_key(&self, cursor: &str) -> Result<i64, AppError> {
        let payload = self.open(cursor)?;
        payload
            .strip_prefix("k:")
            .and_then(|id| id.parse::<i64>().ok())
            .filter(|id| *id > 0)
            .ok_or_else(invalid_cursor)
    }

    /// A cursor for ranked lists, which page by position.
    pub fn encode_offset(&self, offset: u64) -> String {
        self.seal(&format!("o:{offset}"))
    }

    /// (offset, limit) of a ranked page; the offset is one the server could have issued:
    /// below `MAX_OFFSET`.
    pub fn offset_page(
        &self,
        cursor: Option<&str>,
        limit: Option<u64>,
    ) -> Result<(u64, u64), AppError> {
        let limit = page_limit(limit)?;
        let offset = match cursor {
            None | Some("") => 0,
            Some(cursor) => {
                let payload = self.open(cursor)?;
                payload
                    .strip_prefix("o:")
                    .and_then(|offset| offset.parse::<u64>().ok())
                    .filter(|offset| (1..MAX_OFFSET).contains(offset))
                    .ok_or_else(invalid_cursor)?
            }
        };
        Ok((offset, limit))
    }

    /// The next offset cursor, if there is a next page within `MAX_OFFSET`.
    pub fn next_offset(
        &self,
        offset: u64,
        limit: u64,
        returned: usize,
        more: bool,
    ) -> Option<String> {
        let next = offset + returned as u64;
        (more && returned as u64 == limit && next < MAX_OFFSET).then(|| self.encode_offset(next))
    }

    pub fn encode_hot(&self, position: HotPosition) -> String {
        self.seal(&format!(
            "h:{}:{:x}:{}",
            position.now,
            position.score.to_bits(),
            position.id
        ))
    }

    pub fn decode_hot(&self, cursor: &str, now: i64) -> Result<HotPosition, AppError> {
        let payload = self.open(cursor)?;
        let mut parts = payload
            .strip_prefix("h:")
            .ok_or_else(invalid_cursor)?
            .split(':');
        let (Some(instant), Some(score), Some(id), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid_cursor());
        };
        let position = HotPosition {
            now: instant.parse().map_err(|_| invalid_cursor())?,
            score: u64::from_str_radix(score, 16)
                .map(f64::from_bits)
                .map_err(|_| invalid_cursor())?,
            id: id.parse().map_err(|_| invalid_cursor())?,
        };
        let age = now.saturating_sub(position.now);
        let valid = position.score.is_finite()
            && position.score >= 0.0
            && position.id > 0
            && (-HOT_CURSOR_FUTURE_SECS..=HOT_CURSOR_MAX_AGE_SECS).contains(&age);
        if valid {
            Ok(position)
        } else {
            Err(invalid_cursor())
        }
    }
}

/// One page of a list. `next_cursor` is null on the last page.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Opaque: pass it back as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// Trims `limit + 1` fetched rows to the page and returns the cursor of the next page, if any:
/// the extra row only says that a next page exists.
pub fn finish_page<R>(
    cursors: &Cursors,
    rows: &mut Vec<R>,
    request: PageRequest,
    key: impl Fn(&R) -> i64,
) -> Option<String> {
    let has_more = rows.len() as u64 > request.limit;
    rows.truncate(request.limit as usize);
    if has_more {
        rows.last().map(|row| cursors.encode_key(key(row)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursors() -> Cursors {
        Cursors::from_secret(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn keyset_cursor_round_trips() {
        let cursors = cursors();
        let page = cursors.page_of(Some(&cursors.encode_key(42)), None);
        assert_eq!(page.ok().and_then(|page| page.after), Some(42));
    }

    #[test]
    fn unsigned_or_other_secret_cursors_are_refused() {
        let cursors = cursors();
        let other = Cursors::from_secret(b"another secret of thirty-two bytes!");
        // The old unsigned formats and plain base64 of a payload.
        for bad in [
            "zz",
            "djE6NDI",
            "bzE6MTAwMDAwMDAwMDA",
            &URL_SAFE_NO_PAD.encode("k:42"),
            &other.encode_key(42),
            &"A".repeat(500),
        ] {
            assert!(cursors.page_of(Some(bad), None).is_err(), "{bad}");
            assert!(cursors.offset_page(Some(bad), None).is_err(), "{bad}");
            assert!(cursors.decode_hot(bad, 0).is_err(), "{bad}");
        }
    }

    #[test]
    fn signed_values_out_of_bounds_are_refused() {
        let cursors = cursors();
        // Even a correctly signed cursor is bounded like the server bounds what it issues.
        assert!(
            cursors
                .offset_page(Some(&cursors.encode_offset(10_000_000_000)), None)
                .is_err()
        );
        assert!(
            cursors
                .offset_page(Some(&cursors.encode_offset(MAX_OFFSET)), None)
                .is_err()
        );
        assert_eq!(
            cursors
                .offset_page(Some(&cursors.encode_offset(40)), Some(20))
                .ok(),
            Some((40, 20))
        );
        let hot = HotPosition {
            now: 1_000_000,
            score: 2.5,
            id: 7,
        };
        assert_eq!(
            cursors.decode_hot(&cursors.encode_hot(hot), 1_000_010).ok(),
            Some(hot)
        );
        assert!(
            cursors
                .decode_hot(&cursors.encode_hot(hot), 1_000_000 + 2 * 86_400)
                .is_err()
        );
        let nan = HotPosition {
            score: f64::NAN,
            ..hot
        };
        assert!(
            cursors
                .decode_hot(&cursors.encode_hot(nan), 1_000_010)
                .is_err()
        );
        // A cursor of one kind is not accepted by a list of another.
        assert!(
            cursors
                .page_of(Some(&cursors.encode_offset(40)), None)
                .is_err()
        );
        assert!(
            cursors
                .offset_page(Some(&cursors.encode_key(40)), None)
                .is_err()
        );
    }

    #[test]
    fn limits_are_bounded() {
        let cursors = cursors();
        assert!(cursors.page_of(None, Some(0)).is_err());
        assert!(cursors.page_of(None, Some(101)).is_err());
        assert!(cursors.page_of(None, Some(u64::MAX)).is_err());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever a client sends as a cursor, decoding refuses or yields values within the
            /// server's own bounds; it never panics.
            #[test]
            fn any_cursor_text_is_refused_or_bounded(cursor in ".{0,300}", limit in proptest::option::of(any::<u64>())) {
                let cursors = cursors();
                if let Ok(page) = cursors.page_of(Some(&cursor), limit) {
                    // The empty cursor is the first page; any other must be one we issued.
                    prop_assert_eq!(page.after.is_none(), cursor.is_empty());
                    prop_assert!(page.after.is_none_or(|id| id > 0));
                    prop_assert!((1..=MAX_LIMIT).contains(&page.limit));
                }
                if let Ok((offset, limit)) = cursors.offset_page(Some(&cursor), limit) {
                    prop_assert!(offset < MAX_OFFSET && (1..=MAX_LIMIT).contains(&limit));
                }
                if let Ok(hot) = cursors.decode_hot(&cursor, 1_000_000) {
                    prop_assert!(hot.score.is_finite() && hot.id > 0);
                }
            }

            /// Flipping any byte of a genuine cursor makes it a forgery.
            #[test]
            fn edited_cursors_are_refused(id in 1i64.., position in any::<prop::sample::Index>(), bit in 0u8..8) {
                let cursors = cursors();
                let genuine = cursors.encode_key(id);
                let mut bytes = URL_SAFE_NO_PAD.decode(&genuine).unwrap_or_default();
                let at = position.index(bytes.len());
                bytes[at] ^= 1 << bit;
                let forged = URL_SAFE_NO_PAD.encode(&bytes);
                prop_assert!(cursors.page_of(Some(&forged), None).is_err());
                prop_assert_eq!(cursors.page_of(Some(&genuine), None).ok().and_then(|page| page.after), Some(id));
            }
        }
    }
}
