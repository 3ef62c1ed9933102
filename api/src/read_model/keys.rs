//! Every cache key of the read side, built from typed parameters in this one place: what each
//! key holds is the read model's business; the cache itself knows only `CacheKey`.

use serde::Serialize;

use crate::cache::{CacheKey, Dependency};
use crate::domain::ids::{CommentId, PostId, UserId};
use crate::entity::user_stats;
use crate::read_model::tags::TagCount;
use crate::read_model::users::PublicUser;

/// Prepared pages of cards and post pages depend on their posts (row, tags, body, counts) and
/// their authors (public profile): `card_dependency` tells the cache which of these an
/// invalidated key touches, in this process and when another process's invalidation arrives.
pub const POST_DEPENDENCY: u8 = 1;
pub const AUTHOR_DEPENDENCY: u8 = 2;

pub fn card_dependency(key: &str) -> Option<Dependency> {
    let (keyspace, id) = key.strip_prefix("tidings:")?.rsplit_once(':')?;
    let id: i64 = id.parse().ok()?;
    let kind = match keyspace {
        PostRowKey::KEYSPACE | PostTagsKey::KEYSPACE | PostBodyKey::KEYSPACE | "counter:post" => {
            POST_DEPENDENCY
        }
        UserKey::KEYSPACE => AUTHOR_DEPENDENCY,
        _ => return None,
    };
    Some((kind, id))
}

/// A post row without its body (counters included; reactions invalidate it).
pub struct PostRowKey(pub PostId);

impl CacheKey for PostRowKey {
    type Value = crate::read_model::queries::posts::PostRow;
    const KEYSPACE: &'static str = "post";
    // 3: the body left the row (it is `PostBodyKey`'s); 4: times as microseconds; 5: removal
    // and lock.
    const VERSION: u16 = 5;
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// Markdown and its rendered, sanitized HTML: the body of a post or comment, cached apart from
/// the small rows so that a list of cards never loads a body.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Body {
    pub content: String,
    pub content_html: String,
}

impl Body {
    /// The body of a row: its stored HTML, or (for rows written before HTML was stored) a
    /// fresh render, off the async workers. `rendered` says whether it had to be rendered.
    pub async fn of_row(content: String, stored_html: Option<String>) -> (Body, bool) {
        match stored_html {
            Some(content_html) => (
                Body {
                    content,
                    content_html,
                },
                false,
            ),
            None => (
                Body {
                    content_html: crate::content::markdown::render_html_off_thread(content.clone())
                        .await,
                    content,
                },
                true,
            ),
        }
    }
}

/// A post's body.
pub struct PostBodyKey(pub PostId);

impl CacheKey for PostBodyKey {
    type Value = Body;
    const KEYSPACE: &'static str = "post_body";
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// A post's tag names, in link order.
pub struct PostTagsKey(pub PostId);

impl CacheKey for PostTagsKey {
    type Value = Vec<String>;
    const KEYSPACE: &'static str = "post_tags";
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// A comment's body.
pub struct CommentBodyKey(pub CommentId);

impl CacheKey for CommentBodyKey {
    type Value = Body;
    const KEYSPACE: &'static str = "comment_body";
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// Whether a sign-in session (a refresh-token family, the `sid` of access tokens) is live:
/// dropped when it is revoked, so a revoked access token is refused on its next request.
pub struct SessionLiveKey(pub String);

impl CacheKey for SessionLiveKey {
    type Value = bool;
    const KEYSPACE: &'static str = "session_live";
    fn id(&self) -> String {
        self.0.clone()
    }
}

pub struct UserKey(pub UserId);

impl CacheKey for UserKey {
    type Value = PublicUser;
    const KEYSPACE: &'static str = "user";
    // 2: `collects_public` joined the value; 3: times as microseconds.
    const VERSION: u16 = 3;
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// The id of the account with this name, exactly as asked (names never change; `None`, "no
/// such name", is dropped when an account takes the name).
pub struct UserNameKey(pub String);

impl CacheKey for UserNameKey {
    type Value = i64;
    const KEYSPACE: &'static str = "user_name";
    fn id(&self) -> String {
        self.0.clone()
    }
}

pub struct UserStatsKey(pub UserId);

impl CacheKey for UserStatsKey {
    type Value = user_stats::Model;
    const KEYSPACE: &'static str = "user_stats";
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// Whether `from` follows `to`.
pub struct FollowEdgeKey {
    pub from: UserId,
    pub to: UserId,
}

impl CacheKey for FollowEdgeKey {
    type Value = bool;
    const KEYSPACE: &'static str = "follows";
    fn id(&self) -> String {
        format!("{}:{}", self.from, self.to)
    }
}

/// The tag list with post counts.
pub struct TagListKey;

impl CacheKey for TagListKey {
    type Value = Vec<TagCount>;
    const KEYSPACE: &'static str = "tag_list";
    fn id(&self) -> String {
        "top".into()
    }
}

/// The first page (default size) of a user's followers (`followers: true`) or followings:
/// (follow row id, other user id) pairs, `limit + 1` of them.
pub struct FollowPageKey {
    pub user: UserId,
    pub followers: bool,
}

impl CacheKey for FollowPageKey {
    type Value = Vec<(i64, i64)>;
    const KEYSPACE: &'static str = "follow_page";
    fn id(&self) -> String {
        format!(
            "{}:{}",
            self.user,
            if self.followers {
                "followers"
            } else {
                "following"
            }
        )
    }
}

/// Users above the big-account follower threshold: their posts are pulled into timelines at read
/// time instead of being pushed.
pub struct BigAccountsKey;

impl CacheKey for BigAccountsKey {
    type Value = Vec<i64>;
    const KEYSPACE: &'static str = "big_accounts";
    fn id(&self) -> String {
        "all".into()
    }
}

/// The hot pool's post ids, newest first; dropped whenever a post enters or leaves it.
pub struct HotPoolKey;

impl CacheKey for HotPoolKey {
    type Value = Vec<i64>;
    const KEYSPACE: &'static str = "hot_pool";
    fn id(&self) -> String {
        "all".into()
    }
}

/// What one person has liked and collected and whom they follow: the flags on every card they
/// see. Dropped after every like, collect and follow of theirs, so it is exact.
pub struct ViewerStateKey(pub UserId);

impl CacheKey for ViewerStateKey {
    type Value = crate::read_model::viewer::ViewerState;
    const KEYSPACE: &'static str = "viewer";
    // 2: liked comments joined the value; 3: the followed set holds up to 10,000 ids.
    const VERSION: u16 = 3;
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// The newest post ids — of everyone, or of one author — enough for the largest first page, so
/// the first page of the latest list needs no query. Dropped when a post of theirs is published
/// or deleted (edits do not move a post in these lists).
pub struct LatestIdsKey {
    pub author: Option<UserId>,
}

impl CacheKey for LatestIdsKey {
    type Value = Vec<i64>;
    const KEYSPACE: &'static str = "latest_ids";
    // Exact through the write path; at most this old when another process without a shared
    // Redis publishes (an import beside the server on the embedded default).
    const MAX_AGE: Option<std::time::Duration> = Some(std::time::Duration::from_secs(5));
    fn id(&self) -> String {
        self.author
            .map_or_else(|| "all".to_string(), |author| author.to_string())
    }
}

/// The newest post ids carrying one tag (its normalised name), enough for the largest first
/// page; `None` ("no such tag") is cached too. Dropped when a post carrying the tag is
/// published, retagged or deleted.
pub struct TagLatestIdsKey(pub String);

impl CacheKey for TagLatestIdsKey {
    type Value = Vec<i64>;
    const KEYSPACE: &'static str = "tag_latest_ids";
    // As `LatestIdsKey`: exact through the write path, bounded for a process without Redis.
    const MAX_AGE: Option<std::time::Duration> = Some(std::time::Duration::from_secs(5));
    fn id(&self) -> String {
        self.0.clone()
    }
}

/// The rows (without bodies) of the first page of a post's comment thread in one order, at the
/// default page size: its top-level comments (one more than the page, for the cursor) and
/// their replies. Dropped when a comment on the post is added, edited, liked or removed.
pub struct ThreadFirstPageKey {
    pub post: PostId,
    pub sort: crate::read_model::threads::CommentSort,
}

impl CacheKey for ThreadFirstPageKey {
    type Value = crate::read_model::threads::ThreadRows;
    const KEYSPACE: &'static str = "thread_page";
    // 2: times as microseconds; 3: removal.
    const VERSION: u16 = 3;
    fn id(&self) -> String {
        format!("{}:{}", self.post, self.sort.as_str())
    }
}

/// A rendered public feed (`atom:latest`, `rss:tags:rust,web`, …): tags are validated and
/// capped before they make a name, so the names a client can cause are bounded.
/// Kept a minute: readers poll every few minutes, and every peer serves feeds this fresh.
pub struct FeedDocumentKey(pub String);

/// A rendered feed with what conditional requests compare.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct RenderedFeed {
    pub body: String,
    /// The newest entry's change (the epoch when empty), for `Last-Modified`.
    pub updated: chrono::DateTime<chrono::Utc>,
}

impl CacheKey for FeedDocumentKey {
    type Value = RenderedFeed;
    const KEYSPACE: &'static str = "feed_document";
    const MAX_AGE: Option<std::time::Duration> = Some(std::time::Duration::from_secs(60));
    fn id(&self) -> String {
        self.0.clone()
    }
}

/// One sitemap page (`pages`, `posts-N`), kept ten minutes: a post's `lastmod` may be that old.
pub struct SitemapPageKey(pub String);

impl CacheKey for SitemapPageKey {
    type Value = String;
    const KEYSPACE: &'static str = "sitemap";
    const MAX_AGE: Option<std::time::Duration> = Some(std::time::Duration::from_secs(600));
    fn id(&self) -> String {
        self.0.clone()
    }
}

/// How many unread notifications someone has (the bell's badge). Dropped by every commit that
/// creates, regroups or reads their notifications, so it is exact.
pub struct UnreadCountKey(pub UserId);

impl CacheKey for UnreadCountKey {
    type Value = i64;
    const KEYSPACE: &'static str = "unread";
    // A `tidings worker` without a shared Redis cannot drop this process's copy.
    const MAX_AGE: Option<std::time::Duration> = Some(std::time::Duration::from_secs(5));
    fn id(&self) -> String {
        self.0.to_string()
    }
}

/// The users whose names start with a prefix (mention autocomplete): short-lived, as new
/// accounts may join it.
pub struct UserPrefixKey(pub String);

impl CacheKey for UserPrefixKey {
    type Value = Vec<crate::read_model::users::PublicUser>;
    const KEYSPACE: &'static str = "user_prefix";
    const MAX_AGE: Option<std::time::Duration> = Some(std::time::Duration::from_secs(30));
    fn id(&self) -> String {
        self.0.clone()
    }
}

/// What an account may do now: its role, whether it is confirmed, any ban. Read on every write
/// and every moderation request; dropped in every process when a ban, an appointment or a
/// confirmation changes it (`Fact::StandingChanged`, `Fact::AccountChanged`).
pub struct UserStandingKey(pub UserId);

impl CacheKey for UserStandingKey {
    type Value = crate::read_model::standing::Standing;
    const KEYSPACE: &'static str = "standing";
    // `tidings moderator add` beside a `tidings serve` without a shared Redis.
    const MAX_AGE: Option<std::time::Duration> = Some(std::time::Duration::from_secs(60));
    fn id(&self) -> String {
        self.0.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_keys_name_their_post_or_author() {
        use crate::cache::counters::CounterSet;
        let post = Some((POST_DEPENDENCY, 7));
        assert_eq!(card_dependency(&PostRowKey(PostId(7)).cache_key()), post);
        assert_eq!(card_dependency(&PostTagsKey(PostId(7)).cache_key()), post);
        assert_eq!(card_dependency(&PostBodyKey(PostId(7)).cache_key()), post);
        assert_eq!(card_dependency(&CounterSet::Post.key(7)), post);
        assert_eq!(
            card_dependency(&UserKey(UserId(7)).cache_key()),
            Some((AUTHOR_DEPENDENCY, 7))
        );
        assert_eq!(card_dependency(&CounterSet::User.key(7)), None);
        assert_eq!(card_dependency(&UserStatsKey(UserId(7)).cache_key()), None);
        assert_eq!(
            card_dependency(&ViewerStateKey(UserId(7)).cache_key()),
            None
        );
        assert_eq!(card_dependency("tidings:post:not-a-number"), None);
    }
}
