//! One rule for every user path: `/users/{key}/…` takes a user's name or id, resolved here once,
//! so `/users/mei/follow` and `/users/12/follow` name the same person wherever they appear.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::read_model::users::{PublicUser, resolve_user};
use crate::state::AppState;

/// The user a path's `{key}` names, with their public row (read once, through the cache);
/// 404 `not_found` when there is none.
#[derive(Debug, Clone)]
pub struct UserPath(pub UserId, pub PublicUser);

impl FromRequest for UserPath {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let key = request
                .match_info()
                .get("key")
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("route without a {{key}}")))?
                .to_string();
            let state = request.app_data::<web::Data<AppState>>().ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("application state is missing"))
            })?;
            let user = resolve_user(state, &key).await?;
            Ok(UserPath(UserId(user.id), user))
        })
    }
}
