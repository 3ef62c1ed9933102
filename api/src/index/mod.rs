//! The search index (infrastructure): full-text search and "hot" ranking behind one interface
//! over two backends — tantivy in `<data_dir>/search` (the embedded default) and Elasticsearch
//! (`TIDINGS_ELASTICSEARCH_URL`) — and the marks that tell the `IndexPosts` job what to
//! reindex. It knows documents, not features: the search feature (`crate::search`) builds the
//! documents and turns hits into cards.

pub mod cjk;
pub mod dirty;
pub mod document;
pub mod elastic;
pub mod hot;
pub mod tantivy_index;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;

use crate::config::Settings;
use crate::db::pagination::HotPosition;
use document::PostDocument;
use elastic::ElasticIndex;
use hot::HotFormula;
use tantivy_index::TantivyIndex;

/// One hit as a backend returns it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: i64,
    pub title_html: String,
    pub snippet_html: String,
}

#[derive(Clone)]
pub enum Backend {
    Tantivy(Arc<TantivyIndex>),
    Elastic(Arc<ElasticIndex>),
}

/// The search backend chosen by the settings, and the hot formula both use.
#[derive(Clone)]
pub struct SearchIndex {
    pub backend: Backend,
    pub formula: HotFormula,
    /// The top of each hot list (all posts, or one tag), scored a few seconds ago: the first
    /// page is what nearly every reader asks for, and scoring every post on every request is
    /// the expensive part. Later pages carry the same `now` in their cursor and go to the
    /// backend.
    hot_heads: moka::future::Cache<String, Arc<Vec<HotPosition>>>,
}

/// How many posts of each hot list are kept, and for how long.
const HOT_HEAD: u64 = 101;
const HOT_HEAD_TTL: std::time::Duration = std::time::Duration::from_secs(5);

impl SearchIndex {
    pub async fn connect(settings: &Settings) -> anyhow::Result<SearchIndex> {
        let formula = HotFormula::from_settings(settings);
        let backend = match &settings.elasticsearch_url {
            Some(url) => {
                let index = ElasticIndex::new(url.expose_secret(), &settings.elasticsearch_index)?;
                index.ensure_index().await.map_err(|error| {
                    anyhow::anyhow!(
                        "cannot reach Elasticsearch at TIDINGS_ELASTICSEARCH_URL: {error:#}"
                    )
                })?;
                if let Err(error) = index.update_mapping().await {
                    tracing::warn!(
                        error = format!("{error:#}"),
                        "the search index's mapping could not be updated in place; run `tidings reindex`"
                    );
                }
                Backend::Elastic(Arc::new(index))
            }
            None => {
                let root = settings.data_dir.join("search");
                let index =
                    tokio::task::spawn_blocking(move || TantivyIndex::open(&root)).await??;
                Backend::Tantivy(Arc::new(index))
            }
        };
        Ok(SearchIndex {
            backend,
            formula,
            hot_heads: moka::future::Cache::builder()
                .max_capacity(1000)
                .time_to_live(HOT_HEAD_TTL)
                .build(),
        })
    }

    pub fn kind(&self) -> &'static str {
        match self.backend {
            Backend::Tantivy(_) => "tantivy",
            Backend::Elastic(_) => "elasticsearch",
        }
    }

    pub async fn upsert(&self, posts: Vec<PostDocument>) -> anyhow::Result<()> {
        if posts.is_empty() {
            return Ok(());
        }
        match &self.backend {
            Backend::Tantivy(index) => {
                let index = index.clone();
                tokio::task::spawn_blocking(move || index.upsert(&posts)).await??
            }
            Backend::Elastic(index) => index.upsert(&posts).await?,
        }
        // This process's hot heads follow its own index changes at once; other processes'
        // within `HOT_HEAD_TTL`.
        self.hot_heads.invalidate_all();
        Ok(())
    }

    pub async fn delete(&self, ids: Vec<i64>) -> anyhow::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        match &self.backend {
            Backend::Tantivy(index) => {
                let index = index.clone();
                tokio::task::spawn_blocking(move || index.delete(&ids)).await??
            }
            Backend::Elastic(index) => index.delete(&ids).await?,
        }
        self.hot_heads.invalidate_all();
        Ok(())
    }

    pub async fn search(
        &self,
        text: &str,
        tag: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> anyhow::Result<Vec<Hit>> {
        // Backends reserve memory for offset + limit up front: whatever the caller validated,
        // the index never pages deeper than a ranked list can.
        let offset = offset.min(crate::db::pagination::MAX_OFFSET);
        let limit = limit.clamp(1, crate::db::pagination::MAX_LIMIT + 1);
        match &self.backend {
            Backend::Tantivy(index) => {
                let (index, text, tag) = (index.clone(), text.to_string(), tag.map(str::to_string));
                tokio::task::spawn_blocking(move || {
                    index.search(&text, tag.as_deref(), offset, limit)
                })
                .await?
            }
            Backend::Elastic(index) => index.search(text, tag, offset, limit).await,
        }
    }

    /// Up to `limit` posts after `after` (or from the top, scored at `now` or a few seconds
    /// before it).
    pub async fn hot(
        &self,
        tag: Option<&str>,
        now: DateTime<Utc>,
        after: Option<HotPosition>,
        limit: u64,
    ) -> anyhow::Result<Vec<HotPosition>> {
        if after.is_some() || limit > HOT_HEAD {
            return self.hot_from_backend(tag, now, after, limit).await;
        }
        let key = tag.map(str::to_lowercase).unwrap_or_default();
        let head = self
            .hot_heads
            .try_get_with(key, async {
                self.hot_from_backend(tag, now, None, HOT_HEAD)
                    .await
                    .map(Arc::new)
            })
            .await
            .map_err(|error| anyhow::anyhow!("{error:#}"))?;
        Ok(head.iter().take(limit as usize).copied().collect())
    }

    async fn hot_from_backend(
        &self,
        tag: Option<&str>,
        now: DateTime<Utc>,
        after: Option<HotPosition>,
        limit: u64,
    ) -> anyhow::Result<Vec<HotPosition>> {
        let now = after.map_or(now.timestamp(), |cursor| cursor.now);
        let after_key = after.map(|cursor| (cursor.score, cursor.id));
        let keys = match &self.backend {
            Backend::Tantivy(index) => {
                let (index, tag, formula) = (index.clone(), tag.map(str::to_string), self.formula);
                tokio::task::spawn_blocking(move || {
                    index.hot(tag.as_deref(), formula, now, after_key, limit)
                })
                .await??
            }
            Backend::Elastic(index) => index.hot(tag, &self.formula, now, after_key, limit).await?,
        };
        Ok(keys
            .into_iter()
            .map(|(score, id)| HotPosition { now, score, id })
            .collect())
    }

    /// Rebuilds the whole index from `batches` without taking the live one away.
    pub async fn rebuild(
        &self,
        batches: tokio::sync::mpsc::Receiver<Vec<PostDocument>>,
    ) -> anyhow::Result<()> {
        match &self.backend {
            Backend::Tantivy(index) => {
                let index = index.clone();
                tokio::task::spawn_blocking(move || index.rebuild(batches)).await?
            }
            Backend::Elastic(index) => index.rebuild(batches).await,
        }
    }
}

/// Text as HTML (titles shown without a highlight).
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What someone typed into the search box: the loose words, and the `"quoted phrases"` whose
/// words must appear together and in order. A quote left open is a plain character; an empty
/// or one-word phrase is a word. Nothing else of a query language is offered, so nothing typed
/// is a syntax error or an expensive query.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SearchText {
    pub words: String,
    pub phrases: Vec<String>,
}

/// At most this many phrases count; the rest are loose words.
const MAX_PHRASES: usize = 4;

impl SearchText {
    pub fn parse(text: &str) -> SearchText {
        let mut parsed = SearchText::default();
        // Parts alternate outside / inside quotes; an inside part is a phrase only when a quote
        // closes it.
        let closed_pairs = text.matches('"').count() / 2;
        for (index, part) in text.split('"').enumerate() {
            let inside = index % 2 == 1;
            let words: Vec<&str> = part.split_whitespace().collect();
            if inside
                && index / 2 < closed_pairs
                && words.len() > 1
                && parsed.phrases.len() < MAX_PHRASES
            {
                parsed.phrases.push(words.join(" "));
            } else {
                parsed.words.push(' ');
                parsed.words.push_str(part);
            }
        }
        parsed.words = parsed
            .words
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        parsed
    }
}

#[cfg(test)]
mod search_text_tests {
    use super::SearchText;

    fn parsed(text: &str) -> (String, Vec<String>) {
        let parsed = SearchText::parse(text);
        (parsed.words, parsed.phrases)
    }

    #[test]
    fn quoted_phrases_are_kept_apart_from_loose_words() {
        assert_eq!(
            parsed("rust \"error handling\" async"),
            ("rust async".to_string(), vec!["error handling".to_string()])
        );
        assert_eq!(
            parsed("\"a  b\"\"c d\""),
            (String::new(), vec!["a b".to_string(), "c d".to_string()])
        );
        // One word in quotes is a word; an open quote is a plain character.
        assert_eq!(parsed("\"rust\" web"), ("rust web".to_string(), vec![]));
        assert_eq!(
            parsed("say \"hello world"),
            ("say hello world".to_string(), vec![])
        );
        assert_eq!(
            parsed("\"a b\" \"c d"),
            ("c d".to_string(), vec!["a b".to_string()])
        );
        assert_eq!(parsed(""), (String::new(), vec![]));
        let many = "\"a b\" ".repeat(10);
        assert_eq!(SearchText::parse(&many).phrases.len(), 4);
    }
}
