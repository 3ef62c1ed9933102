//! Everything a request or command needs, built once at start-up and shared.

use std::sync::Arc;

use crate::auth::tokens::TokenKeys;
use crate::config::Settings;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub tokens: Arc<TokenKeys>,
}

impl AppState {
    pub async fn build(settings: Settings) -> anyhow::Result<AppState> {
        let db = Db::connect(&settings).await?;
        let tokens = Arc::new(TokenKeys::from_settings(&settings)?);
        Ok(AppState {
            settings: Arc::new(settings),
            db,
            tokens,
        })
    }
}
