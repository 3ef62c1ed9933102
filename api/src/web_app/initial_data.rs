//! The first page's data, embedded in the shell the server returns for a URL: the same JSON the
//! API would answer an anonymous caller, keyed by the API request the web app will make for it
//! (path, then the query parameters sorted by name). The web app uses each answer once, and only
//! when nobody is signed in (a signed-in viewer's own flags differ). The same answers, typed, are
//! what `first_paint` draws the page from. Nothing here is allowed to fail the page: a part that
//! cannot be read is left out (and not drawn), and the app fetches it itself.

use serde::Serialize;
use serde_json::{Map, Value};

use super::first_paint::Content;
use crate::domain::ids::PostId;
use crate::error::AppError;
use crate::posts::dto::{ListPostsQuery, PostSort};
use crate::read_model::threads;
use crate::read_model::threads::CommentsQuery;
use crate::state::AppState;
use crate::{posts, tags};

/// The page size the web app asks for.
const PAGE_SIZE: u64 = 20;

/// What the shell carries for one URL.
pub struct FirstPage {
    /// The `<script type="application/json">` element, when there is data to embed.
    pub script: Option<String>,
    /// False when the URL names something that does not exist (the shell is then a 404).
    pub found: bool,
    /// What the server can draw of the page from the same answers (`first_paint`): the home
    /// page when its posts could be read, a post page when its post could.
    pub content: Option<Content>,
}

pub async fn for_page(state: &AppState, path: &str, query: &str) -> FirstPage {
    let mut responses = Map::new();
    let mut found = true;
    let mut content = None;
    if path == "/" {
        let tab = |name: &str| query.split('&').any(|pair| pair == format!("tab={name}"));
        let hot = tab("hot");
        let sort = if hot { PostSort::Hot } else { PostSort::Latest };
        let list = ListPostsQuery {
            sort: Some(sort),
            tag: None,
            author: None,
            cursor: None,
            limit: Some(PAGE_SIZE),
        };
        let key = format!(
            "/api/v1/posts?limit={PAGE_SIZE}&sort={}",
            if hot { "hot" } else { "latest" }
        );
        let posts = posts::service::list(state, None, list)
            .await
            .map(crate::read_model::cards::CardPage::into_page);
        add(&mut responses, key, &posts);
        let tags = tags::service::popular(state).await;
        add(&mut responses, "/api/v1/tags".to_string(), &tags);
        // A signed-in visitor's timeline is not what an anonymous one sees, and an empty list
        // is the app's empty state: the app draws those.
        if let Ok(posts) = posts
            && !posts.items.is_empty()
            && !tab("timeline")
        {
            content = Some(Content::Home {
                hot,
                posts,
                tags: tags.map(|list| list.items).unwrap_or_default(),
            });
        }
    } else if let Some(id) = post_id(path) {
        match posts::service::get(state, None, id).await {
            Ok(post) => {
                add(&mut responses, format!("/api/v1/posts/{id}"), &Ok(&post));
                let first = CommentsQuery {
                    sort: None,
                    cursor: None,
                    limit: Some(PAGE_SIZE),
                };
                add(
                    &mut responses,
                    format!("/api/v1/posts/{id}/comments?limit={PAGE_SIZE}"),
                    &threads::list(state, None, id, &first).await,
                );
                content = Some(Content::Post(Box::new(post)));
            }
            // A removed post is neither drawn nor previewed: the app says why.
            Err(AppError::NotFound(_) | AppError::Removed { .. }) => found = false,
            Err(error) => tracing::warn!(%error, "reading a post for its page"),
        }
    }
    let script = (!responses.is_empty()).then(|| {
        script(&Value::Object(
            [("responses".to_string(), Value::Object(responses))]
                .into_iter()
                .collect(),
        ))
    });
    FirstPage {
        script,
        found,
        content,
    }
}

/// `/posts/{id}` (and nothing longer): the post's id.
pub(super) fn post_id(path: &str) -> Option<PostId> {
    let id: i64 = path.strip_prefix("/posts/")?.parse().ok()?;
    (id > 0).then_some(PostId(id))
}

fn add<T: Serialize>(
    responses: &mut Map<String, Value>,
    key: String,
    answer: &Result<T, AppError>,
) {
    match answer.as_ref().map(serde_json::to_value) {
        Ok(Ok(body)) => {
            responses.insert(key, body);
        }
        Ok(Err(error)) => tracing::warn!(%error, "encoding a first page"),
        // Left out: the app asks the API itself and shows its own error.
        Err(error) => tracing::debug!(%error, key, "a first page's part is not embedded"),
    }
}

/// The data as a JSON script element. `<`, `>` and `&` are written as `\u003c`, `\u003e` and
/// `\u0026`, so no text inside (a title with `</script>`, say) can end the element early.
fn script(data: &Value) -> String {
    let json = data.to_string();
    let mut escaped = String::with_capacity(json.len() + 64);
    for character in json.chars() {
        match character {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            other => escaped.push(other),
        }
    }
    format!("<script id=\"tidings-initial-data\" type=\"application/json\">{escaped}</script>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_can_close_the_script_early() {
        let data = serde_json::json!({"title": "</script><script>alert(1)</script> & <!--"});
        let element = script(&data);
        let body = element
            .strip_prefix("<script id=\"tidings-initial-data\" type=\"application/json\">")
            .and_then(|rest| rest.strip_suffix("</script>"))
            .unwrap_or_default();
        assert!(!body.contains('<') && !body.contains('>'));
        let back: Value = serde_json::from_str(body).unwrap_or_default();
        assert_eq!(back, data);
    }

    #[test]
    fn only_post_paths_name_posts() {
        assert_eq!(post_id("/posts/12"), Some(PostId(12)));
        assert_eq!(post_id("/posts/12/edit"), None);
        assert_eq!(post_id("/posts/0"), None);
        assert_eq!(post_id("/posts/x"), None);
        assert_eq!(post_id("/users/12"), None);
    }
}
