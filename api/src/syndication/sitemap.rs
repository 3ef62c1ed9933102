//! `/sitemap.xml` and `/robots.txt`. The sitemap is an index of fixed pages: one for the site's
//! own pages and tags, then one per block of `POSTS_PER_PAGE` post ids. A block's page is one
//! bounded range query, cached; the index needs only the newest post id (cached) — nothing scans
//! every post per request, and a new post only ever changes the last block.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::posts;
use crate::error::{AppError, Result};
use crate::read_model::keys::SitemapPageKey;
use crate::read_model::lists;
use crate::state::AppState;

/// Post ids per sitemap page (the protocol allows 50,000 URLs per file).
pub const POSTS_PER_PAGE: i64 = 10_000;

fn base(state: &AppState) -> &str {
    state.settings.public_url.trim_end_matches('/')
}

/// Text for an XML element.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The sitemap index.
pub async fn index(state: &AppState) -> Result<String> {
    let newest = lists::latest_ids(state, None)
        .await?
        .first()
        .copied()
        .unwrap_or(0);
    let blocks = if newest > 0 {
        (newest - 1) / POSTS_PER_PAGE + 1
    } else {
        0
    };
    let base = xml_escape(base(state));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let _ = writeln!(
        xml,
        "<sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>"
    );
    for block in 0..blocks {
        let _ = writeln!(
            xml,
            "<sitemap><loc>{base}/sitemaps/posts-{block}.xml</loc></sitemap>"
        );
    }
    xml.push_str("</sitemapindex>\n");
    Ok(xml)
}

/// One sitemap page: `pages` (home, tags) or `posts-N`.
pub async fn page(state: &AppState, name: &str) -> Result<String> {
    let block = match name {
        "pages" => None,
        _ => Some(
            name.strip_prefix("posts-")
                .and_then(|block| block.parse::<i64>().ok())
                .filter(|block| (0..=i64::MAX / POSTS_PER_PAGE - 1).contains(block))
                .ok_or(AppError::NotFound("sitemap"))?,
        ),
    };
    let key = SitemapPageKey(name.to_string());
    state
        .cache
        .get_or_load(&key, || async move {
            Ok(Some(match block {
                None => pages(state).await?,
                Some(block) => posts_page(state, block).await?,
            }))
        })
        .await?
        .ok_or(AppError::NotFound("sitemap"))
}

fn urlset(entries: impl IntoIterator<Item = (String, Option<DateTime<Utc>>)>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (location, modified) in entries {
        let _ = write!(xml, "<url><loc>{}</loc>", xml_escape(&location));
        if let Some(modified) = modified {
            let _ = write!(
                xml,
                "<lastmod>{}</lastmod>",
                modified.format("%Y-%m-%dT%H:%M:%SZ")
            );
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

async fn pages(state: &AppState) -> Result<String> {
    let base = base(state).to_string();
    let tags = crate::tags::service::popular(state).await?.items;
    let mut entries = vec![(format!("{base}/"), None), (format!("{base}/tags"), None)];
    entries.extend(
        tags.into_iter()
            .map(|tag| (format!("{base}/tags/{}", url_segment(&tag.name)), None)),
    );
    Ok(urlset(entries))
}

async fn posts_page(state: &AppState, block: i64) -> Result<String> {
    let first = block * POSTS_PER_PAGE + 1;
    let last = first + POSTS_PER_PAGE - 1;
    let rows: Vec<(i64, DateTime<Utc>)> = posts::Entity::find()
        .select_only()
        .column(posts::Column::Id)
        .column(posts::Column::UpdatedAt)
        .filter(posts::Column::Id.between(first, last))
        // What a moderator removed is no page to crawl.
        .filter(posts::Column::RemovedAt.is_null())
        .order_by_asc(posts::Column::Id)
        .into_tuple()
        .all(&state.db.conn)
        .await?;
    let base = base(state).to_string();
    Ok(urlset(rows.into_iter().map(|(id, updated)| {
        (format!("{base}/posts/{id}"), Some(updated))
    })))
}

/// A tag as a path segment (tags may hold characters a URL path must escape).
fn url_segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// What crawlers may read: the public pages and the public feeds; not the API, the account
/// pages or anyone's private feed.
pub fn robots(state: &AppState) -> String {
    format!(
        "User-agent: *\n\
         Allow: /\n\
         Allow: /api/v1/feeds/\n\
         Disallow: /api/v1/feeds/home/\n\
         Disallow: /api/\n\
         Disallow: /settings\n\
         Disallow: /compose\n\
         Disallow: /posts/*/edit\n\
         Disallow: /signin\n\
         Disallow: /register\n\
         Disallow: /confirm-email\n\
         Disallow: /confirm-email-change\n\
         Disallow: /forgot-password\n\
         Disallow: /reset-password\n\
         Disallow: /oauth/\n\
         \n\
         Sitemap: {}/sitemap.xml\n",
        base(state)
    )
}
