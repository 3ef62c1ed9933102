//! Atom 1.0 and RSS 2.0 documents (written with the rust-syndication crates, which escape what
//! they write) from cards, bodies and comments. Links are absolute (`TIDINGS_PUBLIC_URL`); an
//! entry's main link is the shared link when the post has one, else its page, so a reader (or
//! another Tidings importing the feed) sees the link people shared, with the discussion beside it.

use chrono::{DateTime, FixedOffset, Utc};

use crate::db::pagination::PageRequest;
use crate::domain::ids::{PostId, UserId};
use crate::error::{AppError, Result};
use crate::read_model::cards::{self, PostCard};
use crate::read_model::keys::{FeedDocumentKey, RenderedFeed};
use crate::read_model::threads::{self, Comment, CommentSort, CommentsQuery};
use crate::read_model::{lists, users};
use crate::session::AuthUser;
use crate::state::AppState;

/// Entries per feed: what feed readers expect (Lobsters and Lemmy send 25–50).
pub const ENTRIES: usize = 30;
/// The most tags one combined feed may name.
pub const MAX_TAGS: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
}

impl Format {
    /// From the path's extension (`atom`, `rss`); anything else is not a feed.
    pub fn parse(extension: &str) -> Result<Format> {
        match extension {
            "atom" => Ok(Format::Atom),
            "rss" => Ok(Format::Rss),
            _ => Err(AppError::NotFound("feed")),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Atom => "atom",
            Format::Rss => "rss",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Rss => "application/rss+xml; charset=utf-8",
        }
    }
}

/// Which feed: the public ones are cached by this name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedKind {
    Latest,
    Hot,
    /// Posts carrying any of these tags (normalised, sorted, at most `MAX_TAGS`).
    Tags(Vec<String>),
    User(UserId),
    Comments(PostId),
    Home(UserId),
}

impl FeedKind {
    /// Tags from a path segment (`rust,web`): each must be a tag the site could have.
    pub fn tags(segment: &str) -> Result<FeedKind> {
        let mut tags: Vec<String> = segment
            .split(',')
            .map(|tag| tag.trim().to_lowercase())
            .filter(|tag| !tag.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        if tags.is_empty()
            || tags.len() > MAX_TAGS
            || !tags
                .iter()
                .all(|tag| crate::content::validation::is_tag(tag))
        {
            return Err(AppError::NotFound("feed"));
        }
        Ok(FeedKind::Tags(tags))
    }

    fn cache_name(&self) -> Option<String> {
        match self {
            FeedKind::Latest => Some("latest".into()),
            FeedKind::Hot => Some("hot".into()),
            FeedKind::Tags(tags) => Some(format!("tags:{}", tags.join(","))),
            FeedKind::User(user) => Some(format!("user:{user}")),
            FeedKind::Comments(post) => Some(format!("comments:{post}")),
            // Private: never shared through a cache.
            FeedKind::Home(_) => None,
        }
    }
}

/// One entry, format-neutral.
struct Item {
    /// The permanent page of the entry (also its id).
    page: String,
    /// The main link: the shared link, or the page.
    link: String,
    title: String,
    author: String,
    published: DateTime<Utc>,
    updated: DateTime<Utc>,
    tags: Vec<String>,
    /// Sanitised HTML with absolute links.
    html: String,
    summary: String,
}

struct Document {
    title: String,
    /// The page this feed mirrors, and the feed's own address.
    page: String,
    feed: String,
    items: Vec<Item>,
}

/// The feed `kind` in `format`, from the cache for public feeds.
pub async fn render(state: &AppState, kind: FeedKind, format: Format) -> Result<RenderedFeed> {
    let Some(name) = kind.cache_name() else {
        return build(state, &kind, format).await;
    };
    let key = FeedDocumentKey(format!("{}:{name}", format.extension()));
    state
        .cache
        .get_or_load(&key, || async {
            Ok(Some(build(state, &kind, format).await?))
        })
        .await?
        .ok_or(AppError::NotFound("feed"))
}

async fn build(state: &AppState, kind: &FeedKind, format: Format) -> Result<RenderedFeed> {
    let base = state.settings.public_url.trim_end_matches('/').to_string();
    let feed_path = |path: &str| format!("{base}/api/v1/feeds/{path}.{}", format.extension());
    let document = match kind {
        FeedKind::Latest => Document {
            title: "Tidings: latest posts".into(),
            page: format!("{base}/"),
            feed: feed_path("latest"),
            items: post_items(state, &base, &latest(state, None).await?).await?,
        },
        FeedKind::Hot => {
            let page = crate::search::service::hot(state, None, None, None, Some(ENTRIES as u64))
                .await?
                .into_page();
            let ids: Vec<PostId> = page.items.iter().map(|card| PostId(card.id)).collect();
            Document {
                title: "Tidings: hot posts".into(),
                page: format!("{base}/?sort=hot"),
                feed: feed_path("hot"),
                items: post_items(state, &base, &ids).await?,
            }
        }
        FeedKind::Tags(tags) => {
            let mut ids = Vec::new();
            for tag in tags {
                if let Some(found) = crate::posts::service::tag_first_ids(state, tag).await? {
                    ids.extend(found);
                }
            }
            ids.sort_unstable_by(|a, b| b.cmp(a));
            ids.dedup();
            ids.truncate(ENTRIES);
            let joined = tags.join(",");
            Document {
                title: format!("Tidings: posts tagged {}", tags.join(", ")),
                page: format!("{base}/tags/{}", tags[0]),
                feed: feed_path(&format!("tags/{joined}")),
                items: post_items(state, &base, &PostId::all(&ids)).await?,
            }
        }
        FeedKind::User(user) => {
            let person = users::public_users(state, &[user.get()])
                .await?
                .remove(&user.get())
                .ok_or(AppError::NotFound("user"))?;
            Document {
                title: format!(
                    "Tidings: posts by {}",
                    users::display_name(&person.name, &person.nickname)
                ),
                page: format!("{base}/users/{}", person.name),
                feed: feed_path(&format!("users/{}", person.name)),
                items: post_items(state, &base, &latest(state, Some(*user)).await?).await?,
            }
        }
        FeedKind::Comments(post) => {
            let card = cards::build(state, None, &[*post])
                .await?
                .pop()
                .ok_or(AppError::NotFound("post"))?;
            let page = format!("{base}/posts/{post}");
            let thread = threads::list(
                state,
                None,
                *post,
                &CommentsQuery {
                    sort: Some(CommentSort::Newest),
                    cursor: None,
                    limit: Some(ENTRIES as u64),
                },
            )
            .await?;
            Document {
                title: format!("Tidings: comments on {}", card.title),
                feed: feed_path(&format!("posts/{post}/comments")),
                items: comment_items(&base, &page, &card.title, thread.items),
                page,
            }
        }
        FeedKind::Home(user) => {
            let viewer = AuthUser {
                id: *user,
                session_id: String::new(),
            };
            let page = crate::feed::service::timeline(
                state,
                &viewer,
                &crate::db::pagination::PageQuery {
                    cursor: None,
                    limit: Some(ENTRIES as u64),
                },
            )
            .await?
            .into_page();
            let ids: Vec<PostId> = page.items.iter().map(|card| PostId(card.id)).collect();
            Document {
                title: "Tidings: your home timeline".into(),
                page: format!("{base}/"),
                feed: format!("{base}/api/v1/feeds/home"),
                items: post_items(state, &base, &ids).await?,
            }
        }
    };
    let updated = document
        .items
        .iter()
        .map(|item| item.updated)
        .max()
        .unwrap_or_else(|| DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default());
    let body = match format {
        Format::Atom => atom(&document, updated),
        Format::Rss => rss(&document, updated),
    };
    Ok(RenderedFeed { body, updated })
}

async fn latest(state: &AppState, author: Option<UserId>) -> Result<Vec<PostId>> {
    let ids = lists::latest_page(
        state,
        author,
        PageRequest {
            after: None,
            limit: ENTRIES as u64,
        },
    )
    .await?;
    Ok(PostId::all(&ids[..ids.len().min(ENTRIES)]))
}

async fn post_items(state: &AppState, base: &str, ids: &[PostId]) -> Result<Vec<Item>> {
    let cards = cards::build(state, None, ids).await?;
    let mut bodies = crate::posts::service::bodies(state, ids).await?;
    // A post deleted since its id was listed has no card or no body: it is left out.
    Ok(cards
        .iter()
        .filter_map(|card| {
            let body = bodies.remove(&card.id)?;
            Some(post_item(base, card, &body.content_html))
        })
        .collect())
}

fn post_item(base: &str, card: &PostCard, html: &str) -> Item {
    let page = format!("{base}/posts/{}", card.id);
    Item {
        link: card.orig_url.clone().unwrap_or_else(|| page.clone()),
        page,
        title: card.title.clone(),
        author: users::display_name(&card.author.name, &card.author.nickname).to_string(),
        published: card.created_at,
        updated: card.updated_at.max(card.created_at),
        tags: card.tags.clone(),
        html: absolute_links(base, html),
        summary: card.excerpt.clone(),
    }
}

fn comment_items(base: &str, page: &str, title: &str, thread: Vec<Comment>) -> Vec<Item> {
    let mut flat = Vec::new();
    let mut stack = thread;
    while let Some(mut comment) = stack.pop() {
        stack.append(&mut comment.replies);
        if !comment.deleted {
            flat.push(comment);
        }
    }
    flat.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    flat.truncate(ENTRIES);
    flat.into_iter()
        .map(|comment| {
            let link = format!("{page}#comment-{}", comment.id);
            let author =
                users::display_name(&comment.author.name, &comment.author.nickname).to_string();
            Item {
                page: link.clone(),
                link,
                title: format!("{author} on {title}"),
                author,
                published: comment.created_at,
                updated: comment.edited_at.unwrap_or(comment.created_at),
                tags: Vec::new(),
                html: absolute_links(base, &comment.content_html),
                summary: crate::content::markdown::excerpt(&comment.content, 200),
            }
        })
        .collect()
}

/// Site-relative `href`/`src` values (uploaded images, `/tags/…`) made absolute: a feed is read
/// away from the site.
fn absolute_links(base: &str, html: &str) -> String {
    html.replace("href=\"/", &format!("href=\"{base}/"))
        .replace("src=\"/", &format!("src=\"{base}/"))
}

fn fixed(time: DateTime<Utc>) -> DateTime<FixedOffset> {
    time.fixed_offset()
}

fn atom(document: &Document, updated: DateTime<Utc>) -> String {
    use atom_syndication::{Category, Content, Entry, Feed, Link, Person, Text};
    let link = |href: &str, rel: &str, mime: Option<&str>| Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: mime.map(str::to_string),
        ..Default::default()
    };
    let entries = document
        .items
        .iter()
        .map(|item| {
            let mut links = vec![link(&item.link, "alternate", Some("text/html"))];
            if item.link != item.page {
                links.push(link(&item.page, "replies", Some("text/html")));
            }
            Entry {
                id: item.page.clone(),
                title: Text::plain(item.title.clone()),
                updated: fixed(item.updated),
                published: Some(fixed(item.published)),
                authors: vec![Person {
                    name: item.author.clone(),
                    ..Default::default()
                }],
                categories: item
                    .tags
                    .iter()
                    .map(|tag| Category {
                        term: tag.clone(),
                        ..Default::default()
                    })
                    .collect(),
                links,
                summary: Some(Text::plain(item.summary.clone())),
                content: Some(Content {
                    value: Some(item.html.clone()),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: document.feed.clone(),
        title: Text::plain(document.title.clone()),
        updated: fixed(updated),
        links: vec![
            link(&document.feed, "self", Some("application/atom+xml")),
            link(&document.page, "alternate", Some("text/html")),
        ],
        entries,
        ..Default::default()
    };
    feed.to_string()
}

fn rss(document: &Document, updated: DateTime<Utc>) -> String {
    use rss::{Category, Channel, Guid, Item as RssItem};
    let items = document
        .items
        .iter()
        .map(|item| RssItem {
            title: Some(item.title.clone()),
            link: Some(item.link.clone()),
            comments: (item.link != item.page).then(|| item.page.clone()),
            guid: Some(Guid {
                value: item.page.clone(),
                permalink: true,
            }),
            pub_date: Some(item.published.to_rfc2822()),
            author: None,
            dublin_core_ext: Some(rss::extension::dublincore::DublinCoreExtension {
                creators: vec![item.author.clone()],
                ..Default::default()
            }),
            categories: item
                .tags
                .iter()
                .map(|tag| Category {
                    name: tag.clone(),
                    domain: None,
                })
                .collect(),
            description: Some(item.html.clone()),
            ..Default::default()
        })
        .collect();
    let mut namespaces = std::collections::BTreeMap::new();
    namespaces.insert(
        "dc".to_string(),
        rss::extension::dublincore::NAMESPACE.to_string(),
    );
    let channel = Channel {
        title: document.title.clone(),
        link: document.page.clone(),
        description: document.title.clone(),
        last_build_date: Some(updated.to_rfc2822()),
        items,
        namespaces,
        ..Default::default()
    };
    channel.to_string()
}
