//! `/me/notifications…`, `/me/notification-settings`, `/notifications/unsubscribe`,
//! `/user-suggestions`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, Responder, get, patch, post, web};
use actix_web_lab::sse;
use utoipa_actix_web::service_config::ServiceConfig;

use super::dto::{
    MarkReadRequest, Notification, NotificationSettings, StreamQuery, StreamTicket, SuggestQuery,
    UnreadCount, UnsubscribeQuery, Unsubscribed, UpdateNotificationSettings, UserSuggestion,
};
use super::{service, stream};
use crate::db::pagination::{Page, PageQuery};
use crate::error::{AppError, ErrorBody, Result};
use crate::live::Full;
use crate::session::{AccountUser, AuthUser, MaybeAuthUser};
use crate::state::AppState;

pub fn router(config: &mut ServiceConfig) {
    config
        .service(list_notifications)
        .service(unread_count)
        .service(mark_all_read)
        .service(mark_read)
        .service(stream_ticket)
        .service(notification_stream)
        .service(get_settings)
        .service(update_settings)
        .service(unsubscribe)
        .service(user_suggestions);
}

/// Your notifications, newest first.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of notifications", body = Page<Notification>),
        (status = 400, description = "Bad cursor or limit", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[get("/me/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state, user.id, &query).await?))
}

/// How many of your notifications are unread.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "The unread count", body = UnreadCount),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[get("/me/notifications/unread-count")]
pub async fn unread_count(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    let count = service::unread_count(&state, user.id).await?;
    Ok(HttpResponse::Ok().json(UnreadCount { count }))
}

/// Mark all your notifications read, or all up to an id.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    request_body(content = MarkReadRequest, description = "`{}` marks everything read"),
    responses(
        (status = 200, description = "The unread count left", body = UnreadCount),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Invalid `up_to`", body = ErrorBody),
    ))]
#[post("/me/notifications/read")]
pub async fn mark_all_read(
    state: web::Data<AppState>,
    user: AccountUser,
    request: web::Json<MarkReadRequest>,
) -> Result<HttpResponse> {
    let count = service::mark_all_read(&state, user.id, request.up_to).await?;
    Ok(HttpResponse::Ok().json(UnreadCount { count }))
}

/// Mark one notification read.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Notification id")),
    responses(
        (status = 204, description = "Read"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such notification of yours", body = ErrorBody),
    ))]
#[post("/me/notifications/{id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    user: AccountUser,
    id: web::Path<i64>,
) -> Result<HttpResponse> {
    service::mark_one_read(&state, user.id, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A single-use ticket (valid 60 s) for opening the event stream from a browser's
/// `EventSource`, which cannot send an `Authorization` header.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "The ticket", body = StreamTicket),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[post("/me/notifications/stream-ticket")]
pub async fn stream_ticket(state: web::Data<AppState>, user: AccountUser) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(service::issue_ticket(&state, user.id).await?))
}

/// Your notifications live, as Server-Sent Events: `unread` (`{"count":N}`) at once and on
/// every change, `notification` (a `Notification`, `id:` its id) for each new one, comment
/// heartbeats every 20 s. Authenticate with `?ticket=` (from `stream-ticket`) or a bearer
/// token. `Last-Event-ID` (or `?last_event_id=`) replays what came after that id; without it
/// only new notifications are sent. A person's ninth stream on one server ends their oldest.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    params(StreamQuery,
        ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this event id")),
    responses(
        (status = 200, description = "The event stream", content_type = "text/event-stream", body = String),
        (status = 400, description = "Bad `Last-Event-ID`", body = ErrorBody),
        (status = 401, description = "No valid ticket or token (`invalid_ticket`)", body = ErrorBody),
        (status = 403, description = "The ticket is another account's (`ticket_not_yours`)", body = ErrorBody),
        (status = 503, description = "This server holds all the streams it can", body = ErrorBody),
    ))]
#[get("/me/notifications/stream")]
pub async fn notification_stream(
    state: web::Data<AppState>,
    request: HttpRequest,
    viewer: MaybeAuthUser,
    query: web::Query<StreamQuery>,
) -> Result<HttpResponse> {
    let header_id = match request.headers().get("Last-Event-ID") {
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|text| text.trim().parse::<i64>().ok())
                .filter(|id| *id >= 0)
                .ok_or_else(|| {
                    AppError::bad_request(
                        "invalid_last_event_id",
                        "Last-Event-ID must be an event id this stream sent",
                    )
                })?,
        ),
        None => None,
    };
    if query.last_event_id.is_some_and(|id| id < 0) {
        return Err(AppError::invalid_field(
            "validation_failed",
            "last_event_id",
            "must be 0 or more",
        ));
    }
    let after = header_id.or(query.last_event_id);
    let user = match (&query.ticket, viewer.id()) {
        (Some(ticket), signed_in) => {
            let owner = service::redeem_ticket(&state, ticket).await?;
            // A ticket is its owner's alone, even in the hands of someone signed in.
            if signed_in.is_some_and(|signed_in| signed_in != owner) {
                return Err(AppError::forbidden(
                    "ticket_not_yours",
                    "this stream ticket was issued to another account",
                ));
            }
            owner
        }
        (None, Some(user)) => user,
        (None, None) => {
            return Err(AppError::unauthorized(
                "invalid_ticket",
                "open the stream with ?ticket= from POST /me/notifications/stream-ticket, or a bearer token",
            ));
        }
    };
    let watching = state
        .live
        .watch(user, state.settings.max_event_streams, stream::MAX_PER_USER)
        .map_err(|Full| {
            AppError::Unavailable(
                "this server holds all the notification streams it can; try again shortly".into(),
            )
        })?;
    let (sender, receiver) = tokio::sync::mpsc::channel(16);
    tokio::spawn(stream::run(
        state.get_ref().clone(),
        user,
        after,
        watching,
        sender,
    ));
    let events = sse::Sse::from_infallible_receiver(receiver)
        .with_keep_alive(stream::HEARTBEAT)
        .with_retry_duration(std::time::Duration::from_secs(3));
    let mut response = events.respond_to(&request).map_into_boxed_body();
    response.headers_mut().insert(
        header::HeaderName::from_static("x-accel-buffering"),
        header::HeaderValue::from_static("no"),
    );
    Ok(response)
}

/// Your choices per kind of notification.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every kind with its choices", body = NotificationSettings),
        (status = 401, description = "Not signed in", body = ErrorBody),
    ))]
#[get("/me/notification-settings")]
pub async fn get_settings(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::settings(&state, user.id).await?))
}

/// Change your choices for some kinds (the others keep theirs).
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    request_body = UpdateNotificationSettings,
    responses(
        (status = 200, description = "Every kind with its choices", body = NotificationSettings),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 422, description = "Invalid request", body = ErrorBody),
    ))]
#[patch("/me/notification-settings")]
pub async fn update_settings(
    state: web::Data<AppState>,
    user: AccountUser,
    request: web::Json<UpdateNotificationSettings>,
) -> Result<HttpResponse> {
    let settings = service::update_settings(&state, user.id, request.into_inner()).await?;
    Ok(HttpResponse::Ok().json(settings))
}

/// One-click unsubscribe (RFC 8058) from notification mail: the `List-Unsubscribe` target and
/// the mail's link. No sign-in; the token names the account and what to turn off.
#[utoipa::path(tag = "notifications",
    params(UnsubscribeQuery),
    responses(
        (status = 200, description = "Mail turned off", body = Unsubscribed),
        (status = 422, description = "The token is not valid (`invalid_token`)", body = ErrorBody),
    ))]
#[post("/notifications/unsubscribe")]
pub async fn unsubscribe(
    state: web::Data<AppState>,
    query: web::Query<UnsubscribeQuery>,
) -> Result<HttpResponse> {
    let kind = service::unsubscribe(&state, &query.token).await?;
    Ok(HttpResponse::Ok().json(Unsubscribed { kind }))
}

/// Users whose name starts with the letters typed after `@`.
#[utoipa::path(tag = "users",
    params(SuggestQuery),
    responses(
        (status = 200, description = "Matching users, shortest names first", body = Vec<UserSuggestion>),
        (status = 422, description = "Invalid prefix or limit", body = ErrorBody),
    ))]
#[get("/user-suggestions")]
pub async fn user_suggestions(
    state: web::Data<AppState>,
    query: web::Query<SuggestQuery>,
) -> Result<HttpResponse> {
    let users = service::suggest(&state, &query.prefix, query.limit).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, max-age=30"))
        .json(users))
}
