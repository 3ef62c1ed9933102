//! Opaque keyset cursors: a page ends at a row id and the next page starts strictly after it,
//! so rows inserted meanwhile neither repeat nor shift what comes next.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::AppError;

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `next_cursor` of the previous page; absent for the first page.
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

impl PageQuery {
    pub fn parse(&self) -> Result<PageRequest, AppError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(AppError::invalid_field(
                "invalid_limit",
                "limit",
                format!("limit must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let after = match self.cursor.as_deref() {
            None | Some("") => None,
            Some(cursor) => Some(decode_cursor(cursor)?),
        };
        Ok(PageRequest { after, limit })
    }
}

pub fn encode_cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1:{id}"))
}

/// A cursor for ranked lists, which page by position.
pub fn encode_offset_cursor(offset: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("o1:{offset}"))
}

pub fn decode_offset_cursor(cursor: &str) -> Result<u64, AppError> {
    let invalid =
        || AppError::bad_request("invalid_cursor", "the cursor is not one this API issued");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix("o1:")
        .and_then(|offset| offset.parse::<u64>().ok())
        .ok_or_else(invalid)
}

fn decode_cursor(cursor: &str) -> Result<i64, AppError> {
    let invalid =
        || AppError::bad_request("invalid_cursor", "the cursor is not one this API issued");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix("v1:")
        .and_then(|id| id.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or_else(invalid)
}

/// One page of a list. `next_cursor` is null on the last page.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Trims `limit + 1` fetched rows to the page and returns the cursor of the next page, if any:
/// the extra row only says that a next page exists.
pub fn finish_page<R>(
    rows: &mut Vec<R>,
    request: PageRequest,
    key: impl Fn(&R) -> i64,
) -> Option<String> {
    let has_more = rows.len() as u64 > request.limit;
    rows.truncate(request.limit as usize);
    if has_more {
        rows.last().map(|row| encode_cursor(key(row)))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_forgeries() {
        let query = PageQuery {
            cursor: Some(encode_cursor(42)),
            limit: None,
        };
        assert_eq!(query.parse().ok().and_then(|page| page.after), Some(42));
        for bad in ["", "zz", "djE6LTE", "djE6YWJj"] {
            let query = PageQuery {
                cursor: Some(bad.into()),
                limit: None,
            };
            if !bad.is_empty() {
                assert!(query.parse().is_err(), "{bad} should be refused");
            }
        }
    }
}
