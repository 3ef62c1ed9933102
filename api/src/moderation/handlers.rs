//! `/reports`, `/mod/…` (moderators), `/admin/moderators/…` (administrators), `/moderators`
//! and `/modlog`. Roles are checked by the `Moderator` and `Admin` extractors.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::{
    BanRequest, CreateReportRequest, ModlogEntry, ModlogQuery, ReasonRequest, Report,
    ReportReceipt, ReportsQuery, StaffMember,
};
use super::service;
use crate::db::pagination::Page;
use crate::domain::ids::{CommentId, PostId};
use crate::error::{ErrorBody, Result};
use crate::http::rate_limit::client_ip;
use crate::read_model::users::resolve_key;
use crate::session::{Admin, ConfirmedUser, MaybeAuthUser, Moderator};
use crate::state::AppState;

pub fn router(config: &mut ServiceConfig) {
    config
        .service(create_report)
        .service(list_reports)
        .service(dismiss_report)
        .service(remove_post)
        .service(restore_post)
        .service(lock_post)
        .service(unlock_post)
        .service(remove_comment)
        .service(restore_comment)
        .service(ban_user)
        .service(unban_user)
        .service(appoint_moderator)
        .service(unappoint_moderator)
        .service(list_staff)
        .service(modlog);
}

/// Report a post, a comment or a user to the moderators. One open report per target; limited
/// per account and address.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    request_body = CreateReportRequest,
    responses(
        (status = 201, description = "Reported", body = ReportReceipt),
        (status = 403, description = "Unconfirmed address (`email_unconfirmed`) or banned (`banned`)", body = ErrorBody),
        (status = 404, description = "No such post, comment or user", body = ErrorBody),
        (status = 409, description = "Your report on it is still open (`already_reported`)", body = ErrorBody),
        (status = 422, description = "Invalid fields; your own content (`own_content`)", body = ErrorBody),
        (status = 429, description = "Too many reports (`rate_limited`; see `Retry-After`)", body = ErrorBody),
    ))]
#[post("/reports")]
pub async fn create_report(
    state: web::Data<AppState>,
    request: HttpRequest,
    user: ConfirmedUser,
    body: web::Json<CreateReportRequest>,
) -> Result<HttpResponse> {
    let receipt = service::report(&state, &user, body.into_inner(), client_ip(&request)).await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// The moderation queue: open (default) or closed reports, newest first, or the most reported
/// targets first (`sort=most_reported`, one row per target).
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(ReportsQuery),
    responses(
        (status = 200, description = "A page of reports", body = Page<Report>),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 422, description = "`most_reported` with `status=closed` (`unsupported_filter`)", body = ErrorBody),
    ))]
#[get("/mod/reports")]
pub async fn list_reports(
    state: web::Data<AppState>,
    _moderator: Moderator,
    query: web::Query<ReportsQuery>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::queue(&state, query.into_inner()).await?))
}

/// Close a report, and every other open report on the same target, without action.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Report id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Dismissed; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Closed already (`not_open`)", body = ErrorBody),
    ))]
#[post("/mod/reports/{id}/dismiss")]
pub async fn dismiss_report(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<i64>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    Ok(
        HttpResponse::Ok()
            .json(service::dismiss(&state, &moderator, *id, body.into_inner()).await?),
    )
}

/// Remove a post: it leaves every list, search and timeline at once; its author and moderators
/// still see it, with the reason. Nothing is deleted.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Removed; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Removed already (`already_removed`)", body = ErrorBody),
    ))]
#[post("/mod/posts/{id}/remove")]
pub async fn remove_post(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<PostId>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    let entry = service::moderate_post(&state, &moderator, *id, body.into_inner(), true).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Restore a removed post, with its counts, everywhere it was.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Restored; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Not removed (`not_removed`)", body = ErrorBody),
    ))]
#[post("/mod/posts/{id}/restore")]
pub async fn restore_post(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<PostId>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    let entry = service::moderate_post(&state, &moderator, *id, body.into_inner(), false).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Lock a post's comments (its author cannot reopen them).
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Locked; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Locked already (`already_locked`)", body = ErrorBody),
    ))]
#[post("/mod/posts/{id}/lock")]
pub async fn lock_post(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<PostId>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    let entry = service::lock_post(&state, &moderator, *id, body.into_inner(), true).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Reopen a post's comments that a moderator locked.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Post id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Unlocked; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Not locked by a moderator (`not_locked`)", body = ErrorBody),
    ))]
#[post("/mod/posts/{id}/unlock")]
pub async fn unlock_post(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<PostId>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    let entry = service::lock_post(&state, &moderator, *id, body.into_inner(), false).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Remove a comment: it keeps its place in the thread as `[removed]`, with its replies.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Removed; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Removed already (`already_removed`)", body = ErrorBody),
    ))]
#[post("/mod/comments/{id}/remove")]
pub async fn remove_comment(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<CommentId>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    let entry = service::moderate_comment(&state, &moderator, *id, body.into_inner(), true).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Restore a removed comment.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Comment id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Restored; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Not removed (`not_removed`)", body = ErrorBody),
    ))]
#[post("/mod/comments/{id}/restore")]
pub async fn restore_comment(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<CommentId>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    let entry =
        service::moderate_comment(&state, &moderator, *id, body.into_inner(), false).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Ban a user for some days or for good, optionally removing all they wrote. They can still
/// sign in and read; every write answers 403 `banned` from their next request on.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("key" = String, Path, description = "User id or name")),
    request_body = BanRequest,
    responses(
        (status = 200, description = "Banned; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator, or the target moderates too (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Banned already (`already_banned`)", body = ErrorBody),
        (status = 422, description = "Invalid fields; your own account (`own_account`)", body = ErrorBody),
    ))]
#[post("/mod/users/{key}/ban")]
pub async fn ban_user(
    state: web::Data<AppState>,
    moderator: Moderator,
    key: web::Path<String>,
    body: web::Json<BanRequest>,
) -> Result<HttpResponse> {
    let entry = service::ban(&state, &moderator, &key, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Lift a ban; what it removed comes back.
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("key" = String, Path, description = "User id or name")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Unbanned; the log row", body = ModlogEntry),
        (status = 403, description = "Not a moderator, or the target moderates too (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Not banned (`not_banned`)", body = ErrorBody),
        (status = 422, description = "Invalid fields; your own account (`own_account`)", body = ErrorBody),
    ))]
#[post("/mod/users/{key}/unban")]
pub async fn unban_user(
    state: web::Data<AppState>,
    moderator: Moderator,
    key: web::Path<String>,
    body: web::Json<ReasonRequest>,
) -> Result<HttpResponse> {
    let entry = service::unban(&state, &moderator, &key, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Make a user a moderator (administrators only).
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("key" = String, Path, description = "User id or name")),
    responses(
        (status = 200, description = "Appointed; the log row", body = ModlogEntry),
        (status = 403, description = "Not an administrator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "A moderator or administrator already (`already_moderator`, `is_admin`)", body = ErrorBody),
    ))]
#[put("/admin/moderators/{key}")]
pub async fn appoint_moderator(
    state: web::Data<AppState>,
    admin: Admin,
    key: web::Path<String>,
) -> Result<HttpResponse> {
    let user = resolve_key(&state, &key).await?;
    let entry = service::set_moderator(&state, admin.0.id.get(), user, true, "").await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// Take a moderator's role away (administrators only).
#[utoipa::path(tag = "moderation", security(("bearer" = [])),
    params(("key" = String, Path, description = "User id or name")),
    responses(
        (status = 200, description = "No longer a moderator; the log row", body = ModlogEntry),
        (status = 403, description = "Not an administrator (`forbidden`)", body = ErrorBody),
        (status = 409, description = "Not a moderator (`not_moderator`), or an administrator (`is_admin`)", body = ErrorBody),
    ))]
#[delete("/admin/moderators/{key}")]
pub async fn unappoint_moderator(
    state: web::Data<AppState>,
    admin: Admin,
    key: web::Path<String>,
) -> Result<HttpResponse> {
    let user = resolve_key(&state, &key).await?;
    let entry = service::set_moderator(&state, admin.0.id.get(), user, false, "").await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// The site's administrators and moderators.
#[utoipa::path(tag = "moderation",
    responses((status = 200, description = "Administrators first", body = Vec<StaffMember>)))]
#[get("/moderators")]
pub async fn list_staff(state: web::Data<AppState>) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::staff(&state).await?))
}

/// The public moderation log, newest first: every removal, restore, lock, ban, appointment and
/// dismissed report, with its reason.
#[utoipa::path(tag = "moderation",
    params(ModlogQuery),
    responses(
        (status = 200, description = "A page of the log", body = Page<ModlogEntry>),
        (status = 404, description = "Unknown moderator or user in a filter", body = ErrorBody),
    ))]
#[get("/modlog")]
pub async fn modlog(
    state: web::Data<AppState>,
    viewer: MaybeAuthUser,
    query: web::Query<ModlogQuery>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::modlog(&state, viewer.id(), query.into_inner()).await?))
}
