//! Turns post ids into cards with the caller's own flags. Rows, authors and tags come from the
//! cache (one batch each), and so do the caller's likes, collects and follows (`viewer`) — no
//! query per page once warm, and never one per card.
//!
//! List endpoints answer with a [`CardPage`]: the page's cards are prepared once — built and
//! serialized without anyone's flags — and shared by every request for the same ids for up to
//! `cache::PREPARED_MAX_AGE`; each request then only splices its own three flags into each
//! card. (Building and serializing twenty cards was most of a warm list's time.) A prepared
//! page names what it was built from — its posts and their authors — and is refused once any
//! of their cache keys is invalidated (a count, an edit, a removal, a new name or avatar): at
//! once in the writing process, and in another when the invalidation message arrives, as for
//! every other key. Whoever liked, collected or followed since a page was prepared also gets
//! cards built afresh (their flags were reloaded after the write, which is how that is known).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::queries::posts::PostRow;
use super::queries::{posts as post_queries, tags};
use super::users::{UserSummary, deleted_user, public_users};
use crate::cache::counters::CounterSet;
use crate::cache::{Dependency, Prepared};
use crate::db::pagination::Page;
use crate::domain::ids::{PostId, UserId};
use crate::error::Result;
use crate::read_model::keys::{AUTHOR_DEPENDENCY, POST_DEPENDENCY, PostRowKey, PostTagsKey};
use crate::state::AppState;

/// A post as it appears in every list: counters and the caller's own flags, per card.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostCard {
    pub id: i64,
    pub title: String,
    pub orig_url: Option<String>,
    /// The start of the text, without markup.
    pub excerpt: String,
    pub tags: Vec<String>,
    pub author: UserSummary,
    pub can_comment: bool,
    pub like_count: i32,
    pub collect_count: i32,
    pub comment_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the caller likes this post (false when anonymous).
    pub liked: bool,
    /// Whether the caller has collected this post.
    pub collected: bool,
    /// Whether the caller follows this post's author.
    pub author_followed: bool,
}

/// Post rows (without bodies) by id, read through the cache.
pub async fn rows(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, PostRow>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_many_or_load(
            ids,
            |id| PostRowKey(PostId(id)),
            |missing| async move {
                let found = post_queries::find_rows(conn, &missing).await?;
                Ok(found.into_iter().map(|post| (post.id, post)).collect())
            },
        )
        .await
}

/// Tag names of many posts, read through the cache.
pub async fn tags(state: &AppState, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    let conn = &state.db.conn;
    state
        .cache
        .get_many_or_load(
            ids,
            |id| PostTagsKey(PostId(id)),
            |missing| async move {
                let mut found = tags::names_for_posts(conn, &missing).await?;
                // A post without tags is cached as an empty list, not as "missing".
                for id in missing {
                    found.entry(id).or_default();
                }
                Ok(found)
            },
        )
        .await
}

/// Cards for `ids`, in that order; ids of posts that no longer exist or that a moderator
/// removed are skipped. Every list, search result, hot page and timeline goes through here,
/// so a removal hides a post everywhere on the next read (its row's key is dropped in every
/// process), even before the id lists and the search index have caught up.
pub async fn build(
    state: &AppState,
    viewer: Option<UserId>,
    ids: &[PostId],
) -> Result<Vec<PostCard>> {
    build_with(state, viewer, ids, false).await
}

/// As [`build`]; with `include_removed`, removed posts too (a post's own page, for its author
/// and moderators).
pub async fn build_with(
    state: &AppState,
    viewer: Option<UserId>,
    ids: &[PostId],
    include_removed: bool,
) -> Result<Vec<PostCard>> {
    let viewer = viewer.map(UserId::get);
    let ids: Vec<i64> = ids.iter().map(|id| id.get()).collect();
    let ids = ids.as_slice();
    let mut rows = rows(state, ids).await?;
    let mut posts: Vec<PostRow> = ids
        .iter()
        .filter_map(|id| rows.remove(id))
        .filter(|post| include_removed || post.removed_at.is_none())
        .collect();
    let post_ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
    overlay_counters(state, &mut posts, &post_ids).await;
    let mut author_ids: Vec<i64> = posts.iter().map(|post| post.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();

    let authors = public_users(state, &author_ids).await?;
    let mut tags = tags(state, &post_ids).await?;
    let (liked, collected, followed) = match viewer {
        Some(viewer) if !post_ids.is_empty() => {
            let flags = super::viewer::flags(state, UserId(viewer), &post_ids, &author_ids).await?;
            (flags.liked, flags.collected, flags.followed)
        }
        _ => Default::default(),
    };

    Ok(posts
        .into_iter()
        .map(|post| PostCard {
            author: authors
                .get(&post.author_id)
                .map(UserSummary::from)
                .unwrap_or_else(|| deleted_user(post.author_id)),
            tags: tags.remove(&post.id).unwrap_or_default(),
            liked: liked.contains(&post.id),
            collected: collected.contains(&post.id),
            author_followed: followed.contains(&post.author_id),
            id: post.id,
            title: post.title,
            orig_url: post.orig_url,
            excerpt: post.excerpt,
            can_comment: post.can_comment,
            like_count: post.like_count,
            collect_count: post.collect_count,
            comment_count: post.comment_count,
            created_at: post.created_at,
            updated_at: post.updated_at,
        })
        .collect())
}

/// With Redis, counters come from its hashes (incremented on every write) rather than from the
/// cached rows, which reactions then need not invalidate.
async fn overlay_counters(state: &AppState, posts: &mut [PostRow], ids: &[i64]) {
    let conn = &state.db.conn;
    let counters = state
        .counters
        .read(CounterSet::Post, ids, |missing| async move {
            let rows = post_queries::find_rows(conn, &missing).await?;
            Ok(rows
                .into_iter()
                .map(|post| {
                    let values = vec![
                        i64::from(post.like_count),
                        i64::from(post.collect_count),
                        i64::from(post.comment_count),
                    ];
                    (post.id, values)
                })
                .collect())
        })
        .await;
    let Some(counters) = counters else {
        return;
    };
    for post in posts {
        if let Some([likes, collects, comments]) = counters.get(&post.id).map(Vec::as_slice) {
            post.like_count = *likes as i32;
            post.collect_count = *collects as i32;
            post.comment_count = *comments as i32;
        }
    }
}

/// The cards of a prepared page, and each as JSON with a slot for the caller's flags.
struct PreparedCards {
    ids: Vec<i64>,
    cards: Vec<PostCard>,
    slots: Vec<FlagSlot>,
}

impl PreparedCards {
    /// Every post asked for (a removed one may come back) and every author shown.
    fn dependencies(&self) -> impl Iterator<Item = Dependency> + '_ {
        self.ids.iter().map(|id| (POST_DEPENDENCY, *id)).chain(
            self.cards
                .iter()
                .map(|card| (AUTHOR_DEPENDENCY, card.author.id)),
        )
    }
}

/// `PostCard`'s last three fields as serialized when all are false. Inside a JSON string every
/// `"` is escaped, so the first place this text appears is the card's own fields.
const FLAGS_OFF: &str = r#","liked":false,"collected":false,"author_followed":false"#;

/// JSON that holds one card serialized without anyone's flags, cut where they go.
pub struct FlagSlot {
    head: String,
    tail: String,
}

impl FlagSlot {
    /// Serializes `value` (a card, or something that flattens one) and cuts out its flags;
    /// `None` if they are not found (the caller then serializes per request).
    pub fn cut<T: Serialize>(value: &T) -> Result<Option<FlagSlot>> {
        let json = to_json(value)?;
        let Some(at) = json.find(FLAGS_OFF) else {
            tracing::error!("a serialized card does not carry its three flags");
            return Ok(None);
        };
        Ok(Some(FlagSlot {
            tail: json[at + FLAGS_OFF.len()..].to_string(),
            head: {
                let mut head = json;
                head.truncate(at);
                head
            },
        }))
    }

    /// About how many bytes this holds.
    pub fn len(&self) -> usize {
        self.head.len() + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the JSON with `[liked, collected, author_followed]` in place.
    pub fn write(&self, out: &mut String, flags: [bool; 3]) {
        out.push_str(&self.head);
        for (name, on) in [
            ("liked", flags[0]),
            ("collected", flags[1]),
            ("author_followed", flags[2]),
        ] {
            out.push_str(",\"");
            out.push_str(name);
            out.push_str(if on { "\":true" } else { "\":false" });
        }
        out.push_str(&self.tail);
    }

    /// The JSON with these flags.
    pub fn to_string_with(&self, flags: [bool; 3]) -> String {
        let mut out = String::with_capacity(self.len() + 64);
        self.write(&mut out, flags);
        out
    }
}

/// A page of cards ready to send, with the caller's flags.
pub struct CardPage {
    cards: CardsOf,
    pub next_cursor: Option<String>,
}

enum CardsOf {
    /// Shared by everyone asking for these ids; the caller's flags per card.
    Prepared {
        prepared: Arc<PreparedCards>,
        flags: Vec<[bool; 3]>,
    },
    /// Built for this request alone.
    Built(Vec<PostCard>),
}

impl CardPage {
    pub fn empty() -> CardPage {
        CardPage {
            cards: CardsOf::Built(Vec::new()),
            next_cursor: None,
        }
    }

    /// The page as typed cards (feeds, the server-drawn first page, search).
    pub fn into_page(self) -> Page<PostCard> {
        let items = match self.cards {
            CardsOf::Built(cards) => cards,
            CardsOf::Prepared { prepared, flags } => prepared
                .cards
                .iter()
                .zip(flags)
                .map(|(card, [liked, collected, author_followed])| PostCard {
                    liked,
                    collected,
                    author_followed,
                    ..card.clone()
                })
                .collect(),
        };
        Page {
            items,
            next_cursor: self.next_cursor,
        }
    }

    /// The page as `Page<PostCard>` JSON.
    pub fn to_json(&self) -> Result<String> {
        let (prepared, flags) = match &self.cards {
            CardsOf::Built(cards) => {
                // `Page<PostCard>`'s shape, borrowed.
                #[derive(Serialize)]
                struct PageOf<'a> {
                    items: &'a [PostCard],
                    next_cursor: Option<&'a str>,
                }
                return to_json(&PageOf {
                    items: cards,
                    next_cursor: self.next_cursor.as_deref(),
                });
            }
            CardsOf::Prepared { prepared, flags } => (prepared, flags),
        };
        let size: usize = prepared.slots.iter().map(|slot| slot.len() + 64).sum();
        let mut out = String::with_capacity(size + 256);
        out.push_str(r#"{"items":["#);
        for (index, (slot, flags)) in prepared.slots.iter().zip(flags).enumerate() {
            if index > 0 {
                out.push(',');
            }
            slot.write(&mut out, *flags);
        }
        out.push_str(r#"],"next_cursor":"#);
        out.push_str(&to_json(&self.next_cursor)?);
        out.push('}');
        Ok(out)
    }
}

/// The cards of `ids` (in that order, removed and missing posts left out) with the caller's
/// flags, and the page's cursor: prepared once for everyone when level 1 is on (see the
/// module's notes), else built for this request.
pub async fn page(
    state: &AppState,
    viewer: Option<UserId>,
    ids: &[PostId],
    next_cursor: Option<String>,
) -> Result<CardPage> {
    let raw: Vec<i64> = ids.iter().map(|id| id.get()).collect();
    let key = prepared_key("cards", &raw);
    let cache = &state.cache;
    let prepared = match cache.prepared::<PreparedCards>(key).await {
        Some(held)
            if held.value.ids == raw
                && cache.unchanged_since(held.seq, held.value.dependencies()) =>
        {
            Some(held)
        }
        _ => None,
    };
    let prepared = match prepared {
        Some(held) => Some(held),
        None => prepare(state, key, &raw, ids).await?,
    };
    let Some(prepared) = prepared else {
        // No level 1 (or a page that cannot be cut): built for this request.
        return Ok(CardPage {
            cards: CardsOf::Built(build(state, viewer, ids).await?),
            next_cursor,
        });
    };
    let Some(viewer) = viewer else {
        let flags = vec![[false; 3]; prepared.value.cards.len()];
        return Ok(CardPage {
            cards: CardsOf::Prepared {
                prepared: prepared.value,
                flags,
            },
            next_cursor,
        });
    };
    let whose: Vec<(i64, i64)> = prepared
        .value
        .cards
        .iter()
        .map(|card| (card.id, card.author.id))
        .collect();
    let Some(flags) = flags_on_prepared(state, viewer, prepared.built_at, &whose).await? else {
        return Ok(CardPage {
            cards: CardsOf::Built(build(state, Some(viewer), ids).await?),
            next_cursor,
        });
    };
    Ok(CardPage {
        cards: CardsOf::Prepared {
            prepared: prepared.value,
            flags,
        },
        next_cursor,
    })
}

/// Builds and serializes the cards of `ids` without flags and keeps them for the next requests;
/// `None` when level 1 is off.
async fn prepare(
    state: &AppState,
    key: u64,
    raw: &[i64],
    ids: &[PostId],
) -> Result<Option<Prepared<PreparedCards>>> {
    let cache = &state.cache;
    if !cache.holds_prepared() {
        return Ok(None);
    }
    let seq = cache.prepared_seq();
    let built_at = Instant::now();
    let cards = build(state, None, ids).await?;
    let mut slots = Vec::with_capacity(cards.len());
    for card in &cards {
        let Some(slot) = FlagSlot::cut(card)? else {
            return Ok(None);
        };
        slots.push(slot);
    }
    let weight = slots.iter().map(|slot| slot.len() * 3).sum::<usize>() + 256;
    let prepared = Prepared {
        value: Arc::new(PreparedCards {
            ids: raw.to_vec(),
            cards,
            slots,
        }),
        built_at,
        seq,
    };
    cache.keep_prepared(key, &prepared, weight).await;
    Ok(Some(prepared))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|error| {
        crate::error::AppError::Internal(anyhow::anyhow!("serializing cards: {error}"))
    })
}

/// The caller's `[liked, collected, author_followed]` for each `(post, author)` of something
/// prepared at `built_at`; `None` when the caller liked, collected or followed since (their sets
/// were stored again after it): their own write must show in its counts at once, so the caller
/// builds afresh.
pub async fn flags_on_prepared(
    state: &AppState,
    viewer: UserId,
    built_at: Instant,
    whose: &[(i64, i64)],
) -> Result<Option<Vec<[bool; 3]>>> {
    let post_ids: Vec<i64> = whose.iter().map(|(post, _)| *post).collect();
    let mut author_ids: Vec<i64> = whose.iter().map(|(_, author)| *author).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let flags = super::viewer::flags(state, viewer, &post_ids, &author_ids).await?;
    if flags.sets_filled_at > built_at {
        return Ok(None);
    }
    Ok(Some(
        whose
            .iter()
            .map(|(post, author)| {
                [
                    flags.liked.contains(post),
                    flags.collected.contains(post),
                    flags.followed.contains(author),
                ]
            })
            .collect(),
    ))
}

/// The key of something prepared for `what` about `ids`.
pub fn prepared_key(what: &str, ids: &[i64]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    what.hash(&mut hasher);
    ids.hash(&mut hasher);
    hasher.finish()
}
