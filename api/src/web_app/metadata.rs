//! What a page's `<head>` says about it to crawlers and link previews (chat apps, other sites,
//! search engines), none of which run the app's JavaScript: the title, description, canonical
//! address, Open Graph and Twitter card tags, the feeds that go with the page
//! (`<link rel="alternate">`, for feed readers' autodiscovery), and `noindex` where a page is
//! nobody's to index (account pages, search results, anything that does not exist).
//!
//! Every fact comes from the same cached reads the API serves (a post's card, a user's public
//! row, a tag's first page of ids), so a warm page costs no SQL. Every text is escaped for an
//! attribute; the absolute addresses are built from `TIDINGS_PUBLIC_URL`.
//!
//! The web app keeps the canonical and feed links up to date as it moves between pages
//! (web/src/shared/lib/page-meta.ts follows the same rules); the elements written here carry
//! `data-page-meta` so it knows which are the page's.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

use super::initial_data::post_id;
use super::markup::{display_name, encode_component, escape, link_and_host};
use crate::error::AppError;
use crate::posts::dto::PostDetail;
use crate::read_model::users::{PublicUser, resolve_user};
use crate::state::AppState;

/// The site's own picture for previews of pages without one (web/public/og-image.png).
const SITE_IMAGE: &str = "/og-image.png";
const SITE_NAME: &str = "Tidings";
const SITE_DESCRIPTION: &str = "Tidings: share links and write-ups, discuss, follow people.";
/// Preview texts are cut here (what the big link-preview consumers show at most).
const DESCRIPTION_CHARS: usize = 200;

/// The profile tabs the app has (web/src/pages/profile); it shows the posts for any other.
const PROFILE_TABS: [&str; 5] = ["posts", "likes", "collects", "followers", "following"];

/// Routes that are someone's own screens or steps of signing in: shown to whoever asks, never
/// indexed.
const ACCOUNT_ROUTES: [(&str, &str); 14] = [
    ("/compose", "New post"),
    ("/settings", "Settings"),
    ("/signin", "Sign in"),
    ("/register", "Create an account"),
    ("/confirm-email", "Confirm email"),
    ("/confirm-email-change", "Change email"),
    ("/forgot-password", "Forgot password"),
    ("/reset-password", "Choose a new password"),
    ("/oauth/complete", "Signing in"),
    ("/search", "Search"),
    ("/notifications", "Notifications"),
    ("/unsubscribe", "Unsubscribe"),
    ("/moderation", "Moderation"),
    ("/admin", "Administration"),
];

/// What a page is, for `og:type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Website,
    Article,
    Profile,
}

/// A feed that goes with a page: `{path}.atom` and `{path}.rss` under `/api/v1/feeds/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub title: String,
    pub path: String,
}

/// The facts about one page, before they are written as HTML.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// Without the site's name.
    pub title: Option<String>,
    pub description: String,
    /// The path (and query) of the page's canonical address; none for pages not to be indexed.
    pub canonical: Option<String>,
    pub kind: Kind,
    /// An absolute image URL or a path on this site.
    pub image: String,
    pub noindex: bool,
    /// False: the page names something that does not exist, and is answered with a 404.
    pub found: bool,
    pub feeds: Vec<Feed>,
    pub published: Option<DateTime<Utc>>,
    pub modified: Option<DateTime<Utc>>,
    pub author: Option<String>,
    pub tags: Vec<String>,
}

impl PageMeta {
    fn site(title: Option<&str>, canonical: Option<String>) -> PageMeta {
        PageMeta {
            title: title.map(String::from),
            description: SITE_DESCRIPTION.to_string(),
            canonical,
            kind: Kind::Website,
            image: SITE_IMAGE.to_string(),
            noindex: false,
            found: true,
            feeds: Vec::new(),
            published: None,
            modified: None,
            author: None,
            tags: Vec::new(),
        }
    }

    fn not_found() -> PageMeta {
        PageMeta {
            noindex: true,
            found: false,
            ..PageMeta::site(Some("Not found"), None)
        }
    }

    fn private(title: &str) -> PageMeta {
        PageMeta {
            noindex: true,
            ..PageMeta::site(Some(title), None)
        }
    }

    /// A post's page, from the post as the API shows it to an anonymous reader.
    pub fn post(post: &PostDetail) -> PageMeta {
        let card = &post.card;
        let description = if !card.excerpt.trim().is_empty() {
            card.excerpt.clone()
        } else if let Some((_, host)) = link_and_host(card.orig_url.as_deref()) {
            format!("A link to {host}, shared on Tidings")
        } else {
            format!(
                "A post by {} on Tidings",
                display_name(&card.author.name, &card.author.nickname)
            )
        };
        PageMeta {
            title: Some(card.title.clone()),
            description,
            canonical: Some(format!("/posts/{}", card.id)),
            kind: Kind::Article,
            image: image_or_site(&card.author.avatar),
            noindex: false,
            found: true,
            feeds: vec![Feed {
                title: format!("Comments on “{}”", card.title),
                path: format!("posts/{}/comments", card.id),
            }],
            published: Some(card.created_at),
            modified: Some(card.updated_at),
            author: Some(display_name(&card.author.name, &card.author.nickname).to_string()),
            tags: card.tags.clone(),
        }
    }

    fn profile(user: &PublicUser, tab: Option<&str>) -> PageMeta {
        let shown = display_name(&user.name, &user.nickname);
        let description = if user.bio.trim().is_empty() {
            format!("{shown} (@{}) on Tidings", user.name)
        } else {
            user.bio.clone()
        };
        let name = encode_component(&user.name);
        let canonical = match tab {
            Some(tab) if tab != "posts" => format!("/users/{name}/{tab}"),
            _ => format!("/users/{name}"),
        };
        PageMeta {
            description,
            kind: Kind::Profile,
            image: image_or_site(&user.avatar),
            feeds: vec![Feed {
                title: format!("Posts by {shown}"),
                path: format!("users/{name}"),
            }],
            ..PageMeta::site(Some(&format!("{shown} (@{})", user.name)), Some(canonical))
        }
    }

    fn tag(name: &str) -> PageMeta {
        let encoded = encode_component(name);
        PageMeta {
            description: format!("Posts tagged #{name} on Tidings"),
            feeds: vec![Feed {
                title: format!("Posts tagged #{name}"),
                path: format!("tags/{encoded}"),
            }],
            ..PageMeta::site(Some(&format!("#{name}")), Some(format!("/tags/{encoded}")))
        }
    }
}

/// The head facts of the page at `path` (`query` is its query string). A post page's post is
/// read by the caller already (for its first paint) and passed in as `post`: `Some(Ok)` it
/// exists, `Some(Err(NotFound))` it does not.
pub async fn for_page(
    state: &AppState,
    path: &str,
    query: &str,
    post: Option<&Result<&PostDetail, AppError>>,
) -> PageMeta {
    if path == "/" {
        let tab = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("tab="))
            .unwrap_or("latest");
        return match tab {
            "hot" => PageMeta {
                feeds: vec![Feed {
                    title: "Hot posts on Tidings".to_string(),
                    path: "hot".to_string(),
                }],
                ..PageMeta::site(Some("Hot posts"), Some("/?tab=hot".to_string()))
            },
            // Someone's own timeline has the site's front page as its canonical address.
            tab => PageMeta {
                feeds: vec![Feed {
                    title: "Latest posts on Tidings".to_string(),
                    path: "latest".to_string(),
                }],
                ..PageMeta::site(
                    Some(if tab == "timeline" {
                        "Your timeline"
                    } else {
                        "Latest posts"
                    }),
                    Some("/".to_string()),
                )
            },
        };
    }
    if path == "/tags" {
        return PageMeta::site(Some("Tags"), Some("/tags".to_string()));
    }
    if path == "/modlog" {
        return PageMeta::site(Some("Moderation log"), Some("/modlog".to_string()));
    }
    if let Some((_, title)) = ACCOUNT_ROUTES.iter().find(|(route, _)| *route == path) {
        return PageMeta::private(title);
    }
    if post_id(path).is_some() {
        return match post {
            Some(Ok(post)) => PageMeta::post(post),
            // Removed by a moderator: nothing of it is previewed.
            Some(Err(AppError::NotFound(_) | AppError::Removed { .. })) => PageMeta::not_found(),
            // Could not be read now: a generic page, and nothing a crawler should keep.
            _ => PageMeta::private("Post"),
        };
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["posts", id, "edit"] if id.parse::<i64>().is_ok_and(|id| id > 0) => {
            PageMeta::private("Edit post")
        }
        ["users", key] | ["users", key, _] => {
            let tab = segments
                .get(2)
                .copied()
                .filter(|tab| PROFILE_TABS.contains(tab));
            let Some(key) = decode(key) else {
                return PageMeta::not_found();
            };
            match resolve_user(state, &key).await {
                Ok(user) => PageMeta::profile(&user, tab),
                Err(AppError::NotFound(_)) => PageMeta::not_found(),
                Err(error) => {
                    tracing::warn!(%error, "reading a user for a page's metadata");
                    PageMeta::private("Profile")
                }
            }
        }
        ["tags", name] => {
            let Some(name) = decode(name) else {
                return PageMeta::not_found();
            };
            let name = name.trim().to_lowercase();
            match crate::posts::service::tag_first_ids(state, &name).await {
                Ok(Some(_)) => PageMeta::tag(&name),
                Ok(None) => PageMeta::not_found(),
                Err(error) => {
                    tracing::warn!(%error, "reading a tag for a page's metadata");
                    PageMeta::private("Tag")
                }
            }
        }
        _ => PageMeta::not_found(),
    }
}

/// A path segment, percent-decoded (as the app's router decodes it); `None` when it is not UTF-8.
fn decode(segment: &str) -> Option<String> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// An avatar for a preview: as it is when absolute, on this site when a path, else the site's.
fn image_or_site(avatar: &str) -> String {
    if avatar.starts_with("https://") || avatar.starts_with("http://") || avatar.starts_with('/') {
        avatar.to_string()
    } else {
        SITE_IMAGE.to_string()
    }
}

/// `text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= limit {
        return text;
    }
    let cut: String = text.chars().take(limit - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// The document title: the page's, then the site's name.
pub fn document_title(meta: &PageMeta) -> String {
    match &meta.title {
        Some(title) => format!("{} · {SITE_NAME}", escape(title)),
        None => SITE_NAME.to_string(),
    }
}

/// The `<meta name="description">` element.
pub fn description_element(meta: &PageMeta) -> String {
    format!(
        "<meta name=\"description\" content=\"{}\" data-page-meta />",
        escape(&shorten(&meta.description, DESCRIPTION_CHARS))
    )
}

/// The rest of the head: robots, canonical, Open Graph, Twitter card and feed links. `base` is
/// the public URL without a trailing slash.
pub fn head_elements(meta: &PageMeta, base: &str) -> String {
    let mut out = String::with_capacity(2048);
    let absolute = |path: &str| {
        if path.starts_with("https://") || path.starts_with("http://") {
            path.to_string()
        } else {
            format!("{base}{path}")
        }
    };
    let property = |out: &mut String, name: &str, value: &str| {
        let _ = write!(
            out,
            "<meta property=\"{name}\" content=\"{}\" data-page-meta>",
            escape(value)
        );
    };
    if meta.noindex {
        out.push_str("<meta name=\"robots\" content=\"noindex\" data-page-meta>");
    }
    let title = meta.title.as_deref().unwrap_or(SITE_NAME);
    let description = shorten(&meta.description, DESCRIPTION_CHARS);
    let image = absolute(&meta.image);
    if let Some(canonical) = &meta.canonical {
        let url = absolute(canonical);
        let _ = write!(
            out,
            "<link rel=\"canonical\" href=\"{}\" data-page-meta>",
            escape(&url)
        );
        property(&mut out, "og:url", &url);
    }
    property(&mut out, "og:site_name", SITE_NAME);
    property(&mut out, "og:title", title);
    property(&mut out, "og:description", &description);
    property(
        &mut out,
        "og:type",
        match meta.kind {
            Kind::Website => "website",
            Kind::Article => "article",
            Kind::Profile => "profile",
        },
    );
    property(&mut out, "og:image", &image);
    if meta.image == SITE_IMAGE {
        property(&mut out, "og:image:width", "1200");
        property(&mut out, "og:image:height", "630");
        property(&mut out, "og:image:alt", "Tidings");
    }
    if meta.kind == Kind::Article {
        let time = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
        if let Some(published) = meta.published {
            property(&mut out, "article:published_time", &time(published));
        }
        if let Some(modified) = meta.modified {
            property(&mut out, "article:modified_time", &time(modified));
        }
        if let Some(author) = &meta.author {
            property(&mut out, "article:author", author);
        }
        for tag in &meta.tags {
            property(&mut out, "article:tag", tag);
        }
    }
    let name = |out: &mut String, name: &str, value: &str| {
        let _ = write!(
            out,
            "<meta name=\"{name}\" content=\"{}\" data-page-meta>",
            escape(value)
        );
    };
    // The site's picture is a wide banner; an avatar is square and small.
    let card = if meta.image == SITE_IMAGE {
        "summary_large_image"
    } else {
        "summary"
    };
    name(&mut out, "twitter:card", card);
    name(&mut out, "twitter:title", title);
    name(&mut out, "twitter:description", &description);
    name(&mut out, "twitter:image", &image);
    for feed in &meta.feeds {
        for (format, media_type) in [
            ("atom", "application/atom+xml"),
            ("rss", "application/rss+xml"),
        ] {
            let _ = write!(
                out,
                "<link rel=\"alternate\" type=\"{media_type}\" title=\"{}\" \
                 href=\"{}\" data-page-meta>",
                escape(&feed.title),
                escape(&format!("{base}/api/v1/feeds/{}.{format}", feed.path))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(shorten("short  text\n", 200), "short text");
        let long = "word ".repeat(100);
        let cut = shorten(&long, 30);
        assert!(cut.chars().count() <= 30, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        let cjk = "字".repeat(300);
        assert_eq!(shorten(&cjk, 10).chars().count(), 10);
    }

    #[test]
    fn hostile_text_cannot_leave_its_attribute() {
        let meta = PageMeta {
            title: Some("\"><script>alert(1)</script>".to_string()),
            description: "</title><img src=x onerror=alert(1)> & 'quotes'".to_string(),
            feeds: vec![Feed {
                title: "a\"b".to_string(),
                path: "tags/x".to_string(),
            }],
            ..PageMeta::site(None, Some("/posts/1".to_string()))
        };
        let head = head_elements(&meta, "https://example.org");
        assert!(
            !head.contains("<script") && !head.contains("<img"),
            "{head}"
        );
        assert!(head.contains("&quot;&gt;&lt;script&gt;"), "{head}");
        assert!(document_title(&meta).contains("&lt;/script&gt;"));
        assert!(!description_element(&meta).contains("<img"));
    }

    #[test]
    fn pages_without_an_address_of_their_own_are_not_indexed() {
        let head = head_elements(&PageMeta::not_found(), "https://example.org");
        assert!(head.contains("<meta name=\"robots\" content=\"noindex\""));
        assert!(!head.contains("rel=\"canonical\""));
        let head = head_elements(&PageMeta::private("Settings"), "https://example.org");
        assert!(head.contains("noindex"));
    }

    #[test]
    fn images_are_absolute() {
        assert_eq!(image_or_site(""), SITE_IMAGE);
        assert_eq!(image_or_site("javascript:alert(1)"), SITE_IMAGE);
        let meta = PageMeta {
            image: "/media/avatars/a-256.jpg".to_string(),
            ..PageMeta::site(None, None)
        };
        let head = head_elements(&meta, "https://example.org");
        assert!(head.contains(
            "<meta property=\"og:image\" content=\"https://example.org/media/avatars/a-256.jpg\""
        ));
        assert!(head.contains("content=\"summary\""));
    }
}
