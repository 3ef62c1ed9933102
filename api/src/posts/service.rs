//! Post rules: who may edit, what a delete takes with it, and which counters move.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::ExprTrait;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use validator::Validate;

use super::dto::{
    CreatePostRequest, ListPostsQuery, PostDetail, PostSort, Removal, UpdatePostRequest,
};
use crate::content::markdown;
use crate::db::pagination::{MAX_LIMIT, PageQuery, PageRequest, finish_page};
use crate::db::retry_on_deadlock;
use crate::domain::ids::{PostId, UserId};
use crate::domain::targets::Reaction;
use crate::effects::{Fact, Write};
use crate::entity::{TargetKind, comments, posts};
use crate::error::{AppError, Result};
use crate::reactions::repo as reactions_repo;
use crate::read_model::cards::{self, CardPage};
use crate::read_model::html_repair::Render;
use crate::read_model::keys::{
    AUTHOR_DEPENDENCY, Body, POST_DEPENDENCY, PostBodyKey, TagLatestIdsKey,
};
use crate::read_model::lists;
use crate::read_model::queries::posts as post_queries;
use crate::read_model::queries::tags as tag_queries;
use crate::read_model::users::mentions_in;
use crate::read_model::users::resolve_key;
use crate::search::service as search_service;
use crate::session::AuthUser;
use crate::session::standing;
use crate::state::AppState;
use crate::tags::repo as tags_repo;
use crate::users::repo as users_repo;

const EXCERPT_CHARS: usize = 200;

#[tracing::instrument(skip(state, request), fields(user_id = %user.id))]
pub async fn create(
    state: &AppState,
    user: &AuthUser,
    request: CreatePostRequest,
) -> Result<PostDetail> {
    request.validate()?;
    let mentions = mentions_in(&state.db.conn, &request.content).await?;
    let mentioned = UserId::all(&mentions.users_except(user.id.get()));
    // Rendered once, here and off the async workers; readers get the stored HTML.
    let content_html =
        markdown::render_html_off_thread_with_mentions(request.content.clone(), mentions).await;
    let post = NewPost {
        mentioned,
        author_id: user.id.get(),
        title: request.title,
        orig_url: request.orig_url,
        content: request.content,
        content_html,
        tags: request.tags,
        can_comment: request.can_comment.unwrap_or(true),
        created_at: Utc::now(),
    };
    // Concurrent posts creating the same new tags can deadlock on MySQL's unique-index locks;
    // the loser's transaction did nothing and simply runs again.
    let post_id = retry_on_deadlock(|| async {
        let mut write = Write::begin(state).await?;
        let post_id = insert_in(&mut write, &post).await?;
        write.commit().await?;
        Ok::<i64, AppError>(post_id)
    })
    .await?;
    get(state, Some(user.id), PostId(post_id)).await
}

/// A post ready to store: validated and normalised by the caller (the API, a feed import).
#[derive(Debug, Clone)]
pub struct NewPost {
    pub author_id: i64,
    pub title: String,
    pub orig_url: Option<String>,
    /// Markdown.
    pub content: String,
    /// `content` rendered (`markdown::render_html_off_thread`).
    pub content_html: String,
    /// Already normalised (`normalize_tags`).
    pub tags: Vec<String>,
    pub can_comment: bool,
    pub created_at: chrono::DateTime<Utc>,
    /// The accounts `content` mentions (linked in `content_html`), told once it is published.
    pub mentioned: Vec<UserId>,
}

/// The one rule for who may publish, whatever the path (the API, a feed's poll, the import
/// command): an existing, active account, with a confirmed address when the settings ask for it.
pub async fn ensure_may_publish<C: ConnectionTrait>(
    state: &AppState,
    txn: &C,
    author_id: i64,
) -> Result<()> {
    let author = users_repo::find_by_id(txn, author_id)
        .await?
        .ok_or_else(|| AppError::unauthorized("invalid_token", "this account no longer exists"))?;
    if !author.active {
        return Err(AppError::forbidden(
            "account_disabled",
            "this account is disabled",
        ));
    }
    if state.settings.require_confirmed_email && author.confirmed_at.is_none() {
        return Err(AppError::forbidden(
            "email_unconfirmed",
            "confirm your email address first: follow the link we mailed you",
        ));
    }
    Ok(())
}

/// Inserts a post with its tag links in the caller's write and records that it was published
/// (what that implies — the author's count, search, fan-out, caches — is the effects module's).
/// Every way of publishing goes through here, so the publishing rule and the content limits are
/// checked here.
pub async fn insert_in(write: &mut Write<'_>, post: &NewPost) -> Result<i64> {
    let state = write.state();
    let txn = write.conn();
    ensure_may_publish(state, txn, post.author_id).await?;
    if let Err(limit) = markdown::check_limits(&post.content) {
        return Err(AppError::invalid_field(
            "validation_failed",
            "content",
            limit.to_string(),
        ));
    }
    let inserted = posts::Entity::insert(posts::ActiveModel {
        author_id: Set(post.author_id),
        title: Set(post.title.clone()),
        orig_url: Set(post.orig_url.clone()),
        excerpt: Set(markdown::excerpt(&post.content, EXCERPT_CHARS)),
        content: Set(post.content.clone()),
        content_html: Set(Some(post.content_html.clone())),
        can_comment: Set(post.can_comment),
        like_count: Set(0),
        collect_count: Set(0),
        comment_count: Set(0),
        created_at: Set(post.created_at),
        updated_at: Set(post.created_at),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let post_id = inserted.last_insert_id;
    let tag_ids = tags_repo::ensure(txn, &post.tags).await?;
    tags_repo::set_post_tags(txn, post_id, &tag_ids).await?;
    write
        .record(Fact::PostPublished {
            post: PostId(post_id),
            author: UserId(post.author_id),
            tags: post.tags.clone(),
        })
        .await?;
    write
        .record(Fact::Mentioned {
            by: UserId(post.author_id),
            post: PostId(post_id),
            comment: None,
            users: post.mentioned.clone(),
        })
        .await?;
    Ok(post_id)
}

/// A post with its body. A removed post is shown to its author and to moderators, with the
/// reason; everyone else gets 410 `removed` with the reason.
pub async fn get(state: &AppState, viewer: Option<UserId>, id: PostId) -> Result<PostDetail> {
    let row = cards::rows(state, &[id.get()])
        .await?
        .remove(&id.get())
        .ok_or(AppError::NotFound("post"))?;
    let removed = match row.removed_at {
        Some(removed_at) => {
            let reason = row.removed_reason.clone().unwrap_or_default();
            if !standing::sees_removed(state, viewer, row.author_id).await? {
                return Err(AppError::Removed { reason });
            }
            Some(Removal { reason, removed_at })
        }
        None => None,
    };
    let card = cards::build_with(state, viewer, &[id], true)
        .await?
        .pop()
        .ok_or(AppError::NotFound("post"))?;
    let body = bodies(state, &[id])
        .await?
        .remove(&id.get())
        .ok_or(AppError::NotFound("post"))?;
    Ok(PostDetail {
        card,
        content: body.content,
        content_html: body.content_html,
        removed,
        locked_reason: row.locked_reason,
    })
}

/// A post prepared for everyone: its JSON without anyone's flags.
struct PreparedPost {
    id: i64,
    author_id: i64,
    slot: cards::FlagSlot,
}

/// `get` as the JSON of a `PostDetail`. A post that is not removed is prepared once for
/// everyone and shared for up to `cache::PREPARED_MAX_AGE` until its row, body, tags, counts
/// or author change; each request splices in its own flags (see `read_model::cards`).
pub async fn get_json(state: &AppState, viewer: Option<UserId>, id: PostId) -> Result<String> {
    let cache = &state.cache;
    let key = cards::prepared_key("post", &[id.get()]);
    let prepared = match cache.prepared::<PreparedPost>(key).await {
        Some(held)
            if held.value.id == id.get()
                && cache.unchanged_since(
                    held.seq,
                    [
                        (POST_DEPENDENCY, held.value.id),
                        (AUTHOR_DEPENDENCY, held.value.author_id),
                    ],
                ) =>
        {
            Some(held)
        }
        _ if cache.holds_prepared() => {
            let seq = cache.prepared_seq();
            let built_at = std::time::Instant::now();
            let detail = get(state, None, id).await;
            match detail {
                Ok(detail) if detail.removed.is_none() => {
                    let author_id = detail.card.author.id;
                    match cards::FlagSlot::cut(&detail)? {
                        Some(slot) => {
                            let weight = slot.len() * 3 + 128;
                            let prepared = crate::cache::Prepared {
                                value: std::sync::Arc::new(PreparedPost {
                                    id: id.get(),
                                    author_id,
                                    slot,
                                }),
                                built_at,
                                seq,
                            };
                            cache.keep_prepared(key, &prepared, weight).await;
                            Some(prepared)
                        }
                        None => None,
                    }
                }
                // Removed (410 for most, the post for its author and moderators) or missing:
                // answered per request.
                Ok(_) | Err(AppError::Removed { .. }) => None,
                Err(error) => return Err(error),
            }
        }
        _ => None,
    };
    if let Some(prepared) = prepared {
        let post = &prepared.value;
        let flags = match viewer {
            None => Some(vec![[false; 3]]),
            Some(viewer) => {
                cards::flags_on_prepared(
                    state,
                    viewer,
                    prepared.built_at,
                    &[(post.id, post.author_id)],
                )
                .await?
            }
        };
        if let Some(flags) = flags {
            return Ok(post.slot.to_string_with(flags[0]));
        }
    }
    serde_json::to_string(&get(state, viewer, id).await?)
        .map_err(|error| AppError::Internal(anyhow::anyhow!("serializing a post: {error}")))
}

/// Posts' bodies by id, read through the cache (one query for all that are cold; missing posts
/// are left out).
pub async fn bodies(state: &AppState, ids: &[PostId]) -> Result<HashMap<i64, Body>> {
    let conn = &state.db.conn;
    let ids: Vec<i64> = ids.iter().map(|id| id.get()).collect();
    state
        .cache
        .get_many_or_load(
            &ids,
            |id| PostBodyKey(PostId(id)),
            |missing| async move {
                let mut found = HashMap::with_capacity(missing.len());
                for post in post_queries::find_ordered(conn, &missing).await? {
                    let id = post.id;
                    let (body, rendered) = Body::of_row(post.content, post.content_html).await;
                    if rendered {
                        // A row from before rendered HTML was stored: keep this render.
                        state.html_repairs.offer(Render::Post {
                            id,
                            html: body.content_html.clone(),
                        });
                    }
                    found.insert(id, body);
                }
                Ok(found)
            },
        )
        .await
}

fn ensure_author(post: &posts::Model, user: &AuthUser) -> Result<()> {
    if post.author_id != user.id {
        return Err(AppError::forbidden(
            "not_author",
            "only the author can change this post",
        ));
    }
    Ok(())
}

#[tracing::instrument(skip(state, request), fields(user_id = %user.id))]
pub async fn update(
    state: &AppState,
    user: &AuthUser,
    id: PostId,
    request: UpdatePostRequest,
) -> Result<PostDetail> {
    let id = id.get();
    request.validate()?;
    let (content_html, mentioned) = match &request.content {
        Some(content) => {
            let mentions = mentions_in(&state.db.conn, content).await?;
            let mentioned = UserId::all(&mentions.users_except(user.id.get()));
            let html =
                markdown::render_html_off_thread_with_mentions(content.clone(), mentions).await;
            (Some(html), mentioned)
        }
        None => (None, Vec::new()),
    };
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let post = post_queries::find(txn, id)
        .await?
        .ok_or(AppError::NotFound("post"))?;
    ensure_author(&post, user)?;
    let mut changes = posts::ActiveModel {
        id: Set(id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(title) = request.title {
        changes.title = Set(title);
    }
    if let Some(link) = request.orig_url {
        // An empty link removes it.
        changes.orig_url = Set(Some(link).filter(|link| !link.is_empty()));
    }
    if let Some(content) = request.content {
        changes.excerpt = Set(markdown::excerpt(&content, EXCERPT_CHARS));
        changes.content = Set(content);
        changes.content_html = Set(content_html);
    }
    if let Some(can_comment) = request.can_comment {
        if can_comment && let Some(reason) = &post.locked_reason {
            return Err(AppError::forbidden(
                "locked",
                format!("a moderator locked this post's comments: {reason}"),
            ));
        }
        changes.can_comment = Set(can_comment);
    }
    posts::Entity::update(changes).exec(txn).await?;
    let mut retagged = Vec::new();
    if let Some(tags) = request.tags {
        let before = tag_names(txn, id).await?;
        let tag_ids = tags_repo::ensure(txn, &tags).await?;
        tags_repo::set_post_tags(txn, id, &tag_ids).await?;
        // The tags whose lists the post entered or left.
        retagged = before
            .iter()
            .filter(|name| !tags.contains(name))
            .chain(tags.iter().filter(|name| !before.contains(name)))
            .cloned()
            .collect();
    }
    write
        .record(Fact::PostEdited {
            post: PostId(id),
            retagged,
        })
        .await?;
    // Every mention the text now has: the job tells only those not told before.
    write
        .record(Fact::Mentioned {
            by: user.id,
            post: PostId(id),
            comment: None,
            users: mentioned,
        })
        .await?;
    write.commit().await?;
    get(state, Some(user.id), PostId(id)).await
}

/// Deletes a post with its comments, the likes on those comments, its likes, collects and tag
/// links, and moves the author's post count, all in one transaction.
#[tracing::instrument(skip(state), fields(user_id = %user.id))]
pub async fn delete(state: &AppState, user: &AuthUser, id: PostId) -> Result<()> {
    let id = id.get();
    let mut write = Write::begin(state).await?;
    let txn = write.conn();
    let post = post_queries::find(txn, id)
        .await?
        .ok_or(AppError::NotFound("post"))?;
    ensure_author(&post, user)?;
    let tags = tag_names(txn, id).await?;

    let comment_ids = Query::select()
        .column(comments::Column::Id)
        .from(comments::Entity)
        .and_where(Expr::col(comments::Column::TargetId).eq(id))
        .and_where(Expr::col(comments::Column::TargetKind).eq(TargetKind::Post.as_i16()))
        .to_owned();
    let delete_comment_likes = Query::delete()
        .from_table(sea_orm::sea_query::Alias::new(Reaction::Like.table()))
        .and_where(
            Expr::col(sea_orm::sea_query::Alias::new("target_kind"))
                .eq(TargetKind::Comment.as_i16()),
        )
        .and_where(Expr::col(sea_orm::sea_query::Alias::new("target_id")).in_subquery(comment_ids))
        .to_owned();
    txn.execute(&delete_comment_likes).await?;
    comments::Entity::delete_many()
        .filter(comments::Column::TargetId.eq(id))
        .filter(comments::Column::TargetKind.eq(TargetKind::Post))
        .exec(txn)
        .await?;
    for reaction in [Reaction::Like, Reaction::Collect] {
        reactions_repo::delete_for_targets(txn, reaction, TargetKind::Post, &[id]).await?;
    }
    tags_repo::delete_post_links(txn, id).await?;
    posts::Entity::delete_by_id(id).exec(txn).await?;
    write
        .record(Fact::PostDeleted {
            post: PostId(id),
            author: UserId(post.author_id),
            tags,
        })
        .await?;
    write.commit().await?;
    Ok(())
}

/// The names of a post's tags, in the caller's transaction.
async fn tag_names<C: ConnectionTrait>(txn: &C, post_id: i64) -> Result<Vec<String>> {
    Ok(tag_queries::names_for_posts(txn, &[post_id])
        .await?
        .remove(&post_id)
        .unwrap_or_default())
}

pub async fn list(
    state: &AppState,
    viewer: Option<UserId>,
    query: ListPostsQuery,
) -> Result<CardPage> {
    if query.sort == Some(PostSort::Hot) {
        if query.author.is_some() {
            return Err(AppError::invalid_field(
                "unsupported_filter",
                "author",
                "sort=hot ranks every post (or one tag's); it does not filter by author",
            ));
        }
        let tag = query.tag.as_deref();
        return search_service::hot(state, viewer, tag, query.cursor.as_deref(), query.limit).await;
    }
    let page = state
        .cursors
        .page_of(query.cursor.as_deref(), query.limit)?;
    let author_id = match query.author.as_deref() {
        Some(key) => Some(resolve_key(state, key).await?),
        None => None,
    };
    match query.tag.as_deref() {
        Some(tag) => list_tag(state, viewer, tag, author_id.map(UserId::get), page, false).await,
        None => {
            let ids = lists::latest_page(state, author_id, page).await?;
            cards_page(state, viewer, ids, page).await
        }
    }
}

/// Posts with a tag. An unknown tag is a 404 on the tag's own page, an empty list as a filter.
/// The first page of a tag (without an author filter) comes from the cached newest ids.
pub async fn list_tag(
    state: &AppState,
    viewer: Option<UserId>,
    tag: &str,
    author_id: Option<i64>,
    page: PageRequest,
    unknown_is_error: bool,
) -> Result<CardPage> {
    let ids = if page.after.is_none() && author_id.is_none() {
        tag_first_ids(state, tag)
            .await?
            .map(|ids| ids.into_iter().take(page.limit as usize + 1).collect())
    } else {
        let name = tag.trim().to_lowercase();
        match tags_repo::find_by_name(&state.db.conn, &name).await? {
            Some(tag) => {
                Some(tags_repo::post_ids_page(&state.db.conn, tag.id, author_id, page).await?)
            }
            None => None,
        }
    };
    let Some(ids) = ids else {
        if unknown_is_error {
            return Err(AppError::NotFound("tag"));
        }
        return Ok(CardPage::empty());
    };
    cards_page(state, viewer, ids, page).await
}

/// The newest `MAX_LIMIT + 1` post ids carrying a tag, read through the cache; `None` for a
/// tag that does not exist. A name no tag can have is unknown without a query, and never
/// becomes a cache key.
pub async fn tag_first_ids(state: &AppState, tag: &str) -> Result<Option<Vec<i64>>> {
    let name = tag.trim().to_lowercase();
    if !crate::content::validation::is_tag(&name) {
        return Ok(None);
    }
    let conn = &state.db.conn;
    let first = PageRequest {
        after: None,
        limit: MAX_LIMIT,
    };
    let key = TagLatestIdsKey(name.clone());
    let name = name.as_str();
    state
        .cache
        .get_or_load(&key, || async move {
            match tags_repo::find_by_name(conn, name).await? {
                Some(tag) => Ok(Some(
                    tags_repo::post_ids_page(conn, tag.id, None, first).await?,
                )),
                None => Ok(None),
            }
        })
        .await
}

async fn cards_page(
    state: &AppState,
    viewer: Option<UserId>,
    mut ids: Vec<i64>,
    page: PageRequest,
) -> Result<CardPage> {
    let next_cursor = finish_page(&state.cursors, &mut ids, page, |id| *id);
    cards::page(state, viewer, &PostId::all(&ids), next_cursor).await
}

/// Posts a user liked or collected, most recent reaction first.
pub async fn list_reacted(
    state: &AppState,
    viewer: Option<UserId>,
    user_id: UserId,
    reaction: Reaction,
    query: &PageQuery,
) -> Result<CardPage> {
    let user_id = user_id.get();
    let page = state.cursors.page(query)?;
    let conn = &state.db.conn;
    let mut rows =
        reactions_repo::page_for_user(conn, reaction, user_id, TargetKind::Post, page).await?;
    let next_cursor = finish_page(&state.cursors, &mut rows, page, |row| row.id);
    let ids: Vec<i64> = rows.iter().map(|row| row.target_id).collect();
    cards::page(state, viewer, &PostId::all(&ids), next_cursor).await
}
