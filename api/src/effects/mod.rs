//! Write effects: the one place where what a write changed turns into everything it implies.
//!
//! A service opens a [`Write`] (its transaction), changes its own rows, and records each change
//! as a [`Fact`]. Recording applies what the fact implies inside the same transaction — stats
//! columns, search "dirty" marks, the hot pool, outbox jobs — and remembers what must follow the
//! commit: cache keys dropped (locally, in Redis and through pub/sub), Redis counter hashes
//! bumped (noted as owed before the commit, so a crash cannot lose one), job workers woken.
//! Services never call the cache, the counters, search or the timelines for a write themselves:
//! a new kind of write adds a `Fact` variant and says here what it implies.

pub mod counts;

use std::collections::BTreeSet;

use crate::cache::CacheKey;
use crate::cache::counters::{CounterSet, PostCounter, UserCounter};
use crate::db::WriteTransaction;
use crate::domain::ids::{CommentId, PostId, UserId};
use crate::domain::notify::NotifyEvent;
use crate::domain::targets::{Reaction, Target};
use crate::entity::TargetKind;
use crate::error::{AppError, Result};
use crate::index::dirty as search_dirty;
use crate::jobs::{Job, outbox};
use crate::mail::MailKind;
use crate::read_model::keys::{
    CommentBodyKey, FollowEdgeKey, FollowPageKey, HotPoolKey, LatestIdsKey, PostBodyKey,
    PostRowKey, PostTagsKey, SessionLiveKey, TagLatestIdsKey, TagListKey, ThreadFirstPageKey,
    UnreadCountKey, UserKey, UserNameKey, UserStandingKey, UserStatsKey, ViewerStateKey,
};
use crate::read_model::threads::CommentSort;
use crate::state::AppState;

/// What a write changed, in the words of the domain. Later features (notifications,
/// moderation) subscribe to these.
#[derive(Debug, Clone)]
pub enum Fact {
    /// A like or collect was added (`added`) or removed on a post or comment.
    Reacted {
        user: UserId,
        reaction: Reaction,
        target: Target,
        added: bool,
    },
    /// `from` started (`following`) or stopped following `to`.
    Followed {
        from: UserId,
        to: UserId,
        following: bool,
    },
    /// A post was published by `author` (by hand or from a feed) with `tags` (normalised names).
    PostPublished {
        post: PostId,
        author: UserId,
        tags: Vec<String>,
    },
    /// A post's title, link, body, settings or tags changed; `retagged`: the tags it gained or
    /// lost.
    PostEdited { post: PostId, retagged: Vec<String> },
    /// A post and everything hanging off it were deleted; `tags`: the ones it carried.
    PostDeleted {
        post: PostId,
        author: UserId,
        tags: Vec<String>,
    },
    /// `comment` was added to `post`.
    CommentAdded { post: PostId, comment: CommentId },
    /// `by` named `users` (existing accounts, not `by`) in a post or comment, on creating or
    /// editing it; those already told are not told again.
    Mentioned {
        by: UserId,
        post: PostId,
        comment: Option<CommentId>,
        users: Vec<UserId>,
    },
    /// `users`' notifications were created, regrouped or read: their unread counts change and
    /// their open streams are woken, in every process.
    NotificationsChanged { users: Vec<UserId> },
    /// A comment's text was edited by its author.
    CommentEdited { comment: CommentId, post: PostId },
    /// An account was created (sign-up, a provider's first sign-in, an operator's command).
    AccountCreated { user: UserId, name: String },
    /// A sign-in provider offered a picture for an account without an avatar: a job fetches it
    /// later, so a slow or missing picture never holds up the sign-in.
    RemoteAvatarOffered { user: UserId, url: String },
    /// An account mail is owed (`to`: an address the account no longer has, else its own): a
    /// job sends it after the commit, making any link's token when it runs.
    MailOwed {
        user: UserId,
        mail: MailKind,
        to: Option<String>,
    },
    /// What others see of an account changed: profile, avatar, confirmed address.
    AccountChanged { user: UserId },
    /// Sign-in sessions were revoked (logout, password change or reset, refresh-token reuse):
    /// their access tokens stop working on the next request, in every process.
    SessionsRevoked { sessions: Vec<String> },
    /// A moderator removed (`visible: false`) or restored a post: it leaves (or re-enters) every
    /// list, tag page, the hot list, search and timelines, and stops (or starts again) counting
    /// among its author's posts. Its rows and counts are untouched.
    PostVisibilityChanged {
        post: PostId,
        author: UserId,
        tags: Vec<String>,
        visible: bool,
    },
    /// A moderator removed or restored `comments` of `post`: they keep their places as
    /// `[removed]`, and stop (or start again) counting on the post.
    CommentsVisibilityChanged {
        post: PostId,
        comments: Vec<CommentId>,
        visible: bool,
    },
    /// A moderator locked or unlocked a post's comments.
    PostLockChanged { post: PostId },
    /// An account's role or ban changed: its next request, in any process, sees it.
    StandingChanged { user: UserId },
    /// A moderation action (a row of the log) concerns someone, who is told.
    Moderated { action: i64 },
    /// Comments were deleted or emptied into placeholders (`comments`: every row whose body
    /// changed or went; `removed`: how many stopped counting); `post` when it still exists.
    CommentsRemoved {
        comments: Vec<CommentId>,
        removed: u64,
        post: Option<PostId>,
    },
}

/// A counter move owed after the commit.
#[derive(Debug, Clone, Copy)]
enum Bump {
    Post(PostId, PostCounter, i64),
    User(UserId, UserCounter, i64),
}

/// A write in progress: its transaction and what must follow its commit.
pub struct Write<'a> {
    state: &'a AppState,
    txn: WriteTransaction,
    keys: Vec<String>,
    bumps: Vec<Bump>,
    wake: bool,
    /// Users whose live streams are woken after the commit.
    signals: Vec<UserId>,
    /// The counter a `Fact::Reacted` moved, as it now stands.
    reaction_count: Option<i32>,
}

impl<'a> Write<'a> {
    pub async fn begin(state: &'a AppState) -> Result<Write<'a>> {
        Ok(Write {
            state,
            txn: state.db.begin_write().await?,
            keys: Vec::new(),
            bumps: Vec::new(),
            wake: false,
            signals: Vec::new(),
            reaction_count: None,
        })
    }

    pub fn state(&self) -> &'a AppState {
        self.state
    }

    /// The counter the last `Fact::Reacted` moved, as it stands in this transaction.
    pub fn reaction_count(&self) -> Option<i32> {
        self.reaction_count
    }

    /// The transaction, for the service's own rows.
    pub fn conn(&self) -> &sea_orm::DatabaseTransaction {
        &self.txn
    }

    /// Applies what `fact` implies inside the transaction, at once (so the service reads the
    /// moved counters in the same transaction), and remembers what follows the commit.
    pub async fn record(&mut self, fact: Fact) -> Result<()> {
        let state = self.state;
        let txn = &*self.txn;
        match fact {
            Fact::Reacted {
                user,
                reaction,
                target,
                added,
            } => {
                // The reacting person's own flags.
                self.keys.push(ViewerStateKey(user).cache_key());
                let delta = if added { 1 } else { -1 };
                let count = counts::bump_reaction_count(txn, target, reaction, delta)
                    .await?
                    .ok_or(AppError::NotFound(match target.kind {
                        TargetKind::Post => "post",
                        TargetKind::Comment => "comment",
                    }))?;
                self.reaction_count = Some(count);
                self.wake = true;
                if reaction == Reaction::Like {
                    // Unlikes too: an unread group loses the person.
                    notify(
                        txn,
                        NotifyEvent::Liked {
                            by: user,
                            on_comment: target.kind == TargetKind::Comment,
                            target_id: target.id,
                        },
                    )
                    .await?;
                }
                if target.kind == TargetKind::Comment {
                    // The comment's like count is in its thread's cached rows.
                    if let Some(post) = counts::post_of_comment(txn, CommentId(target.id)).await? {
                        self.keys.extend(thread_keys(post));
                    }
                }
                if target.kind == TargetKind::Post {
                    // The post's like/collect count is part of its search document.
                    search_dirty::mark(txn, PostId(target.id)).await?;
                    self.bumps.push(Bump::Post(
                        PostId(target.id),
                        post_counter(reaction),
                        i64::from(delta),
                    ));
                    // The like that reaches the threshold puts the post into the hot pool, in
                    // this transaction, so the pool never misses a post whose like committed.
                    if added
                        && reaction == Reaction::Like
                        && i64::from(count) == state.settings.hot_like_threshold
                        && counts::enter_hot_pool(
                            txn,
                            PostId(target.id),
                            state.settings.hot_pool_size,
                        )
                        .await?
                    {
                        self.keys.push(HotPoolKey.cache_key());
                    }
                }
            }
            Fact::Followed {
                from,
                to,
                following,
            } => {
                let delta = if following { 1 } else { -1 };
                // Lock the two stats rows in id order so opposite follows cannot deadlock.
                let mut stats = [(from, UserCounter::Following), (to, UserCounter::Followers)];
                stats.sort_by_key(|(id, _)| *id);
                for (id, column) in stats {
                    counts::bump_user_count(txn, id, column, delta).await?;
                }
                if state.timelines.are_stored() {
                    let job = if following {
                        Job::BackfillTimeline {
                            user_id: from,
                            author_id: to,
                        }
                    } else {
                        Job::RemoveAuthorFromTimeline {
                            user_id: from,
                            author_id: to,
                        }
                    };
                    outbox::record(txn, &job).await?;
                }
                if following {
                    notify(txn, NotifyEvent::Followed { by: from, to }).await?;
                }
                self.wake = true;
                self.keys.push(FollowEdgeKey { from, to }.cache_key());
                self.keys.push(ViewerStateKey(from).cache_key());
                self.keys.push(
                    FollowPageKey {
                        user: to,
                        followers: true,
                    }
                    .cache_key(),
                );
                self.keys.push(
                    FollowPageKey {
                        user: from,
                        followers: false,
                    }
                    .cache_key(),
                );
                self.bumps
                    .push(Bump::User(from, UserCounter::Following, i64::from(delta)));
                self.bumps
                    .push(Bump::User(to, UserCounter::Followers, i64::from(delta)));
            }
            Fact::PostPublished { post, author, tags } => {
                counts::bump_user_count(txn, author, UserCounter::Posts, 1).await?;
                search_dirty::mark(txn, post).await?;
                if state.timelines.are_stored() {
                    outbox::record(
                        txn,
                        &Job::FanOutPost {
                            post_id: post,
                            author_id: author,
                        },
                    )
                    .await?;
                }
                self.wake = true;
                // A new id may sit in a cache as "not found" if someone asked early.
                self.keys.extend(post_keys(post));
                self.keys.extend(latest_keys(author));
                self.keys.extend(tag_keys(&tags));
                self.keys.push(TagListKey.cache_key());
                self.bumps.push(Bump::User(author, UserCounter::Posts, 1));
            }
            Fact::PostEdited { post, retagged } => {
                search_dirty::mark(txn, post).await?;
                self.wake = true;
                self.keys.extend(post_keys(post));
                if !retagged.is_empty() {
                    self.keys.extend(tag_keys(&retagged));
                    self.keys.push(TagListKey.cache_key());
                }
            }
            Fact::PostDeleted { post, author, tags } => {
                counts::bump_user_count(txn, author, UserCounter::Posts, -1).await?;
                counts::leave_hot_pool(txn, post).await?;
                search_dirty::mark(txn, post).await?;
                if state.timelines.are_stored() {
                    outbox::record(
                        txn,
                        &Job::RemovePost {
                            post_id: post,
                            author_id: author,
                        },
                    )
                    .await?;
                }
                self.wake = true;
                self.keys.extend(post_keys(post));
                self.keys.extend(latest_keys(author));
                self.keys.extend(tag_keys(&tags));
                self.keys.extend(thread_keys(post));
                self.keys.extend([
                    TagListKey.cache_key(),
                    CounterSet::Post.key(post.get()),
                    HotPoolKey.cache_key(),
                ]);
                self.bumps.push(Bump::User(author, UserCounter::Posts, -1));
            }
            Fact::AccountCreated { user, name } => {
                // Its id and name may be cached as "no such user" if someone asked early.
                self.keys.push(UserKey(user).cache_key());
                self.keys.push(UserStandingKey(user).cache_key());
                self.keys.push(UserNameKey(name).cache_key());
                self.keys.push(UserStatsKey(user).cache_key());
                self.wake = true;
            }
            Fact::RemoteAvatarOffered { user, url } => {
                outbox::record(txn, &Job::FetchAvatar { user_id: user, url }).await?;
                self.wake = true;
            }
            Fact::MailOwed { user, mail, to } => {
                let job = match to {
                    Some(to) => Job::SendMailTo {
                        user_id: user,
                        mail,
                        to,
                    },
                    None => Job::SendMail {
                        user_id: user,
                        mail,
                    },
                };
                outbox::record(txn, &job).await?;
                self.wake = true;
            }
            // A confirmed address changes what the account may do.
            Fact::AccountChanged { user } => self
                .keys
                .extend([UserKey(user).cache_key(), UserStandingKey(user).cache_key()]),
            Fact::PostVisibilityChanged {
                post,
                author,
                tags,
                visible,
            } => {
                let delta = if visible { 1 } else { -1 };
                counts::bump_user_count(txn, author, UserCounter::Posts, delta).await?;
                search_dirty::mark(txn, post).await?;
                if visible {
                    let likes =
                        counts::reaction_count(txn, Target::post(post.get()), Reaction::Like)
                            .await?
                            .unwrap_or(0);
                    if i64::from(likes) >= state.settings.hot_like_threshold {
                        counts::enter_hot_pool(txn, post, state.settings.hot_pool_size).await?;
                    }
                } else {
                    counts::leave_hot_pool(txn, post).await?;
                }
                if state.timelines.are_stored() {
                    let job = if visible {
                        Job::FanOutPost {
                            post_id: post,
                            author_id: author,
                        }
                    } else {
                        Job::RemovePost {
                            post_id: post,
                            author_id: author,
                        }
                    };
                    outbox::record(txn, &job).await?;
                }
                self.wake = true;
                self.keys.extend(post_keys(post));
                self.keys.extend(latest_keys(author));
                self.keys.extend(tag_keys(&tags));
                self.keys.extend(thread_keys(post));
                self.keys
                    .extend([TagListKey.cache_key(), HotPoolKey.cache_key()]);
                self.bumps
                    .push(Bump::User(author, UserCounter::Posts, i64::from(delta)));
            }
            Fact::CommentsVisibilityChanged {
                post,
                comments,
                visible,
            } => {
                let count = comments.len() as i32;
                let delta = if visible { count } else { -count };
                counts::bump_comment_count(txn, post, delta).await?;
                self.wake = true;
                self.keys.extend(thread_keys(post));
                self.keys
                    .extend(comments.iter().map(|id| CommentBodyKey(*id).cache_key()));
                self.bumps
                    .push(Bump::Post(post, PostCounter::Comments, i64::from(delta)));
            }
            Fact::PostLockChanged { post } => self.keys.extend(post_keys(post)),
            Fact::StandingChanged { user } => self.keys.push(UserStandingKey(user).cache_key()),
            Fact::Moderated { action } => {
                notify(txn, NotifyEvent::Moderated { action_id: action }).await?;
                self.wake = true;
            }
            Fact::SessionsRevoked { sessions } => self.keys.extend(
                sessions
                    .into_iter()
                    .map(|id| SessionLiveKey(id).cache_key()),
            ),
            Fact::CommentAdded { post, comment } => {
                counts::bump_comment_count(txn, post, 1).await?;
                notify(
                    txn,
                    NotifyEvent::Replied {
                        comment_id: comment,
                    },
                )
                .await?;
                self.wake = true;
                self.keys.extend(thread_keys(post));
                self.bumps.push(Bump::Post(post, PostCounter::Comments, 1));
            }
            Fact::Mentioned {
                by,
                post,
                comment,
                users,
            } => {
                if !users.is_empty() {
                    notify(
                        txn,
                        NotifyEvent::Mentioned {
                            by,
                            post_id: post,
                            comment_id: comment,
                            users,
                        },
                    )
                    .await?;
                    self.wake = true;
                }
            }
            Fact::NotificationsChanged { users } => {
                self.keys
                    .extend(users.iter().map(|user| UnreadCountKey(*user).cache_key()));
                self.signals.extend(users);
            }
            Fact::CommentEdited { comment, post } => {
                self.keys.push(CommentBodyKey(comment).cache_key());
                self.keys.extend(thread_keys(post));
            }
            Fact::CommentsRemoved {
                comments,
                removed,
                post,
            } => {
                let removed = removed as i64;
                if let Some(post) = post {
                    counts::bump_comment_count(txn, post, -(removed as i32)).await?;
                    self.keys.extend(thread_keys(post));
                    self.bumps
                        .push(Bump::Post(post, PostCounter::Comments, -removed));
                }
                self.wake = true;
                self.keys
                    .extend(comments.iter().map(|id| CommentBodyKey(*id).cache_key()));
            }
        }
        Ok(())
    }

    /// Commits, then carries out what the recorded facts imply after a commit.
    pub async fn commit(self) -> Result<()> {
        let state = self.state;
        let hashes: BTreeSet<(CounterSet, i64)> = self
            .bumps
            .iter()
            .map(|bump| match bump {
                Bump::Post(id, ..) => (CounterSet::Post, id.get()),
                Bump::User(id, ..) => (CounterSet::User, id.get()),
            })
            .collect();
        let hashes: Vec<(CounterSet, i64)> = hashes.into_iter().collect();
        let owed = state.counters.owe_bumps(&hashes).await;
        self.txn.commit().await?;
        if self.wake {
            state.jobs.wake();
        }
        let mut keys = self.keys;
        for bump in &self.bumps {
            // When the counts come with the rows, the rows' keys are dropped instead.
            match *bump {
                Bump::Post(id, counter, delta) => {
                    let counters = &state.counters;
                    if !counters
                        .bump(&owed, CounterSet::Post, id.get(), counter.field(), delta)
                        .await
                    {
                        keys.push(PostRowKey(id).cache_key());
                    }
                }
                Bump::User(id, counter, delta) => {
                    let counters = &state.counters;
                    if !counters
                        .bump(&owed, CounterSet::User, id.get(), counter.field(), delta)
                        .await
                    {
                        keys.push(UserStatsKey(id).cache_key());
                    }
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        state.cache.invalidate(&keys).await;
        // After the counts are dropped, so a woken stream reads the new ones.
        let mut signals = self.signals;
        signals.sort_unstable();
        signals.dedup();
        state.live.signal(&signals).await;
        Ok(())
    }
}

/// Records a notification event for the `Notify` job, in the write's transaction.
async fn notify(txn: &sea_orm::DatabaseTransaction, event: NotifyEvent) -> Result<()> {
    outbox::record(
        txn,
        &Job::Notify {
            events: vec![event],
        },
    )
    .await?;
    Ok(())
}

/// An author crossed the big-account threshold (seen by a fan-out job, not by a write): readers
/// must stop expecting their posts to be pushed.
pub async fn big_accounts_changed(state: &AppState) {
    state
        .cache
        .invalidate(&[crate::read_model::keys::BigAccountsKey.cache_key()])
        .await;
}

/// The counter a reaction on a post moves (here, not in `cache/`: infrastructure does not know
/// the features' vocabulary).
fn post_counter(reaction: Reaction) -> PostCounter {
    match reaction {
        Reaction::Like => PostCounter::Likes,
        Reaction::Collect => PostCounter::Collects,
    }
}

/// The cached newest-ids lists of `tags`.
fn tag_keys(tags: &[String]) -> impl Iterator<Item = String> + '_ {
    tags.iter()
        .map(|tag| TagLatestIdsKey(tag.clone()).cache_key())
}

/// The cached first pages of a post's comment thread, in every order.
fn thread_keys(post: PostId) -> impl Iterator<Item = String> {
    CommentSort::ALL
        .into_iter()
        .map(move |sort| ThreadFirstPageKey { post, sort }.cache_key())
}

/// The cached newest-ids lists a post of `author` belongs to.
fn latest_keys(author: UserId) -> [String; 2] {
    [
        LatestIdsKey { author: None }.cache_key(),
        LatestIdsKey {
            author: Some(author),
        }
        .cache_key(),
    ]
}

/// Every cache key derived from one post.
pub fn post_keys(id: PostId) -> Vec<String> {
    vec![
        PostRowKey(id).cache_key(),
        PostBodyKey(id).cache_key(),
        PostTagsKey(id).cache_key(),
    ]
}
