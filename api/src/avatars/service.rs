//! Avatar rules: set from an upload, clear, fetch a remote image once (the `FetchAvatar` job),
//! naming of the stored files, and the cache invalidation a change owes.
//!
//! Who sees a user's avatar: every `UserSummary` (post cards, comments), profiles and user
//! cards are built from the cached `PublicUser` row (`UserKey`), so dropping that one key after
//! the commit is all a change needs, exactly as a profile edit does. The search index keeps
//! only the author's name and hits are turned into cards through the same cache, so it needs
//! no reindex.

use std::sync::LazyLock;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use tokio::sync::Semaphore;

use crate::crawl::fetch::{self, FetchError, FetchPolicy, Fetched, Validators};
use crate::domain::ids::UserId;
use crate::effects::{Fact, Write};
use crate::entity::users;
use crate::error::{AppError, Result};
use crate::media::pipeline::{self, EncodedAvatar, PipelineError, Rejection};
use crate::media::small_url;
use crate::session::AuthUser;
use crate::state::AppState;
use crate::users::dto::Me;
use crate::users::service as users_service;

/// The field name of the upload, and the field errors are reported under.
pub const FIELD: &str = "avatar";

/// Storage keys of one user's avatar of one content.
struct AvatarKeys {
    large: String,
    small: String,
}

impl AvatarKeys {
    fn new(user_id: i64, avatar: &EncodedAvatar) -> AvatarKeys {
        let name = |size: u32| {
            format!(
                "avatars/{user_id}/{}-{size}.{}",
                avatar.hash, avatar.extension
            )
        };
        AvatarKeys {
            large: name(pipeline::LARGE),
            small: name(pipeline::SMALL),
        }
    }

    /// The keys behind a stored avatar URL, when the storage recognises it as its own.
    fn of_url(state: &AppState, avatar: &str) -> Vec<String> {
        if avatar.is_empty() {
            return Vec::new();
        }
        let mut keys: Vec<String> = [avatar.to_string(), small_url(avatar)]
            .iter()
            .filter_map(|url| state.media.key_of(url))
            .collect();
        keys.dedup();
        keys
    }

    fn all(&self) -> [&str; 2] {
        [&self.large, &self.small]
    }
}

/// Decoding and resizing take memory (up to `MAX_DECODED_BYTES` per image) and a core each:
/// at most one per core runs at once; the rest wait here instead of piling up.
static PROCESSING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, |cores| cores.get()))
});

/// Runs the image pipeline on a blocking thread.
async fn process(bytes: Vec<u8>) -> std::result::Result<EncodedAvatar, PipelineError> {
    let _permit = PROCESSING.acquire().await;
    match tokio::task::spawn_blocking(move || pipeline::process(&bytes)).await {
        Ok(result) => result,
        // The pipeline panicked (a decoder bug on hostile input): refuse the file, keep the
        // process.
        Err(error) => Err(PipelineError::Rejected(Rejection::Undecodable {
            format: "an image",
            reason: format!("the decoder failed ({error})"),
        })),
    }
}

/// Writes both files; on failure removes whichever was written.
async fn store(state: &AppState, keys: &AvatarKeys, avatar: EncodedAvatar) -> anyhow::Result<()> {
    let EncodedAvatar { large, small, .. } = avatar;
    let stored = async {
        state.media.put(&keys.large, large).await?;
        state.media.put(&keys.small, small).await
    }
    .await;
    if stored.is_err() {
        remove_files(state, keys.all(), &[]).await;
    }
    stored
}

/// Deletes `keys` except those in `keep` (a re-upload of the same picture has the same keys as
/// the avatar it replaces). Failures are logged: a leftover file costs disk, not correctness.
async fn remove_files<'a>(
    state: &AppState,
    keys: impl IntoIterator<Item = &'a str>,
    keep: &[&str],
) {
    for key in keys {
        if keep.contains(&key) {
            continue;
        }
        if let Err(error) = state.media.delete(key).await {
            tracing::warn!(
                key,
                error = format!("{error:#}"),
                "could not remove an avatar file"
            );
        }
    }
}

fn rejected(rejection: Rejection) -> AppError {
    AppError::invalid_field("invalid_image", FIELD, format!("the avatar {rejection}"))
}

fn account_gone() -> AppError {
    AppError::unauthorized("invalid_token", "this account no longer exists")
}

/// The user's current avatar, locking the row until the transaction ends so two changes of one
/// user's avatar cannot both believe they replace the same old files (SQLite's writers are
/// already serialised by `begin_write`).
async fn current_avatar_for_update<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
) -> std::result::Result<Option<String>, DbErr> {
    let mut query = users::Entity::find_by_id(user_id)
        .select_only()
        .column(users::Column::Avatar);
    if conn.get_database_backend() != DatabaseBackend::Sqlite {
        query = query.lock_exclusive();
    }
    query.into_tuple::<String>().one(conn).await
}

/// Replaces the user's avatar with `avatar` (already stored) and returns the previous URL.
async fn replace(state: &AppState, user_id: i64, avatar: &str) -> Result<String> {
    let mut write = Write::begin(state).await?;
    let previous = current_avatar_for_update(write.conn(), user_id)
        .await?
        .ok_or_else(account_gone)?;
    users::Entity::update_many()
        .col_expr(users::Column::Avatar, Expr::value(avatar))
        .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user_id))
        .exec(write.conn())
        .await?;
    write
        .record(Fact::AccountChanged {
            user: UserId(user_id),
        })
        .await?;
    write.commit().await?;
    Ok(previous)
}

/// `PUT /me/avatar`: makes `bytes` (the uploaded file) the user's avatar.
#[tracing::instrument(skip(state, bytes), fields(user_id = %user.id, bytes = bytes.len()))]
pub async fn upload(state: &AppState, user: &AuthUser, bytes: Vec<u8>) -> Result<Me> {
    let avatar = process(bytes).await.map_err(|error| match error {
        PipelineError::Rejected(rejection) => rejected(rejection),
        encoding => AppError::Internal(encoding.into()),
    })?;
    let keys = AvatarKeys::new(user.id.get(), &avatar);
    store(state, &keys, avatar).await?;
    let url = state.media.url(&keys.large);
    match replace(state, user.id.get(), &url).await {
        Ok(previous) => {
            // Only now that the new avatar is committed do the old files go.
            remove_files(
                state,
                AvatarKeys::of_url(state, &previous)
                    .iter()
                    .map(String::as_str),
                &keys.all(),
            )
            .await;
        }
        Err(error) => {
            discard_unused(state, user.id.get(), &keys).await;
            return Err(error);
        }
    }
    users_service::me(state, user).await
}

/// Removes freshly stored files that did not become the user's avatar, except any the avatar
/// points at now (the user stored the very same picture meanwhile). When the current avatar
/// cannot be read, the files stay: a leftover costs disk, a wrong deletion a broken avatar.
async fn discard_unused(state: &AppState, user_id: i64, keys: &AvatarKeys) {
    let current = match crate::users::repo::find_by_id(&state.db.conn, user_id).await {
        Ok(Some(user)) => AvatarKeys::of_url(state, &user.avatar),
        Ok(None) => Vec::new(),
        Err(error) => {
            tracing::warn!(%error, "keeping possibly unused avatar files");
            return;
        }
    };
    let current: Vec<&str> = current.iter().map(String::as_str).collect();
    remove_files(state, keys.all(), &current).await;
}

/// `DELETE /me/avatar`: back to no avatar (the initials the clients draw).
#[tracing::instrument(skip(state), fields(user_id = %user.id))]
pub async fn remove(state: &AppState, user: &AuthUser) -> Result<Me> {
    let previous = replace(state, user.id.get(), "").await?;
    remove_files(
        state,
        AvatarKeys::of_url(state, &previous)
            .iter()
            .map(String::as_str),
        &[],
    )
    .await;
    users_service::me(state, user).await
}

/// Fetch errors that another attempt cannot fix: the job gives up on them at once.
fn is_permanent(error: &FetchError) -> bool {
    match error {
        FetchError::Scheme(_)
        | FetchError::NoHost
        | FetchError::Blocked { .. }
        | FetchError::TooManyRedirects(_)
        | FetchError::BadRedirect
        | FetchError::TooLarge(_) => true,
        FetchError::Status(status) => {
            (400..500).contains(status) && *status != 408 && *status != 429
        }
        FetchError::Dns { .. } | FetchError::Timeout(_) | FetchError::Network(_) => false,
    }
}

/// The `FetchAvatar` job: fetches `url` through the SSRF-safe fetcher (its allow-list and
/// limits, with the size capped at `avatar_max_bytes`), runs the upload pipeline and sets the
/// result only if the user still has no avatar — one they uploaded meanwhile always wins.
/// A URL that cannot give an avatar (refused address, too large, not an image) ends the job
/// with a warning; network trouble fails it, to be retried.
#[tracing::instrument(skip(state))]
pub async fn fetch_remote(state: &AppState, user_id: UserId, url: &str) -> anyhow::Result<()> {
    let user_id = user_id.get();
    match crate::users::repo::find_by_id(&state.db.conn, user_id).await? {
        Some(user) if user.avatar.is_empty() => {}
        _ => return Ok(()),
    }
    let mut policy = FetchPolicy::from_settings(&state.settings);
    policy.max_bytes = state.settings.avatar_max_bytes;
    let bytes = match fetch::fetch(&policy, url, &Validators::default()).await {
        Ok(Fetched::Body { bytes, .. }) => bytes,
        // Only an answer to a conditional request, which this is not.
        Ok(Fetched::NotModified) => anyhow::bail!("{url} answered 304 to a plain request"),
        Err(error) if is_permanent(&error) => {
            tracing::warn!(error = %error, "no avatar from this address");
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    let avatar = match process(bytes).await {
        Ok(avatar) => avatar,
        Err(PipelineError::Rejected(rejection)) => {
            tracing::warn!(%rejection, "the fetched avatar is not usable");
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    let keys = AvatarKeys::new(user_id, &avatar);
    store(state, &keys, avatar).await?;
    let url = state.media.url(&keys.large);
    let set = async {
        let mut write = Write::begin(state).await?;
        let result = users::Entity::update_many()
            .col_expr(users::Column::Avatar, Expr::value(url.as_str()))
            .col_expr(users::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(users::Column::Id.eq(user_id))
            .filter(users::Column::Avatar.eq(""))
            .exec(write.conn())
            .await?;
        let set = result.rows_affected > 0;
        if set {
            write
                .record(Fact::AccountChanged {
                    user: UserId(user_id),
                })
                .await?;
        }
        write.commit().await?;
        Ok::<_, AppError>(set)
    }
    .await;
    match set {
        Ok(true) => Ok(()),
        outcome => {
            // The user set an avatar meanwhile (or the write failed).
            discard_unused(state, user_id, &keys).await;
            outcome.map(|_| ()).map_err(Into::into)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::media::small_url;

    #[test]
    fn the_small_url_is_the_large_one_renamed() {
        assert_eq!(
            small_url("/media/avatars/12/3f9a-256.jpg"),
            "/media/avatars/12/3f9a-64.jpg"
        );
        assert_eq!(
            small_url("/media/avatars/256/ab-256.png"),
            "/media/avatars/256/ab-64.png"
        );
        assert_eq!(small_url(""), "");
        assert_eq!(
            small_url("https://example.com/me.png"),
            "https://example.com/me.png"
        );
        assert_eq!(
            small_url("https://example.com/a-256.x/me.png"),
            "https://example.com/a-256.x/me.png"
        );
    }
}
