//! The scale-out search backend: Elasticsearch through the `elasticsearch` crate. Documents
//! live in a versioned index (`<alias>-<millis>`) behind an alias; `tidings reindex` fills a new
//! one and swaps the alias in one `_aliases` call, so searchers never see a half-built index.
//! The mapping targets Elasticsearch 8/9 (and OpenSearch 2): the built-in `cjk_width`,
//! `lowercase` and `cjk_bigram` filters over the standard tokenizer for titles and text.

use elasticsearch::http::request::JsonBody;
use elasticsearch::http::response::Response;
use elasticsearch::http::transport::Transport;
use elasticsearch::indices::{
    IndicesCreateParts, IndicesDeleteParts, IndicesGetAliasParts, IndicesPutMappingParts,
    IndicesRefreshParts,
};
use elasticsearch::{BulkParts, Elasticsearch, SearchParts};
use serde_json::{Value, json};

use super::Hit;
use super::document::PostDocument;
use super::hot::HotFormula;

pub struct ElasticIndex {
    client: Elasticsearch,
    alias: String,
}

async fn checked(response: Response) -> anyhow::Result<Value> {
    let status = response.status_code();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(
        status.is_success(),
        "Elasticsearch answered {status}: {body}"
    );
    Ok(body)
}

/// gauss(age) × engagement in painless, term for term the formula of `HotFormula::score`.
const HOT_SCRIPT: &str = "double age = Math.abs(params.now - doc['created_at'].value.toEpochSecond()); \
double d = Math.max(0.0, age - params.offset) / params.scale; \
double engagement = params.like_weight * doc['likes'].value + params.collect_weight * doc['collects'].value \
+ params.comment_weight * doc['comments'].value + params.floor; \
return Math.exp(Math.log(params.decay) * d * d) * engagement;";

pub fn index_body() -> Value {
    json!({
        "settings": {
            "number_of_shards": 1,
            "analysis": {
                "analyzer": {"text_cjk": {"type": "custom", "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigram"]}},
                "normalizer": {"lowercase": {"type": "custom", "filter": ["lowercase"]}}
            }
        },
        "mappings": {"dynamic": "strict", "properties": {
            "id": {"type": "long"},
            "kind": {"type": "keyword"},
            "title": {"type": "text", "analyzer": "text_cjk"},
            "content": {"type": "text", "analyzer": "text_cjk"},
            "tags": {"type": "keyword", "normalizer": "lowercase"},
            "author": {"type": "keyword"},
            "created_at": {"type": "date", "format": "epoch_second"},
            "likes": {"type": "long"},
            "collects": {"type": "long"},
            "comments": {"type": "long"}
        }}
    })
}

impl ElasticIndex {
    pub fn new(url: &str, alias: &str) -> anyhow::Result<ElasticIndex> {
        let transport = Transport::single_node(url).map_err(|error| {
            anyhow::anyhow!("TIDINGS_ELASTICSEARCH_URL is not a usable URL: {error}")
        })?;
        Ok(ElasticIndex {
            client: Elasticsearch::new(transport),
            alias: alias.to_string(),
        })
    }

    /// Creates the index behind the alias when there is none (a fresh cluster, or one that
    /// lost its data). Called at start-up and before every write.
    pub async fn ensure_index(&self) -> anyhow::Result<()> {
        let response = self
            .client
            .indices()
            .get_alias(IndicesGetAliasParts::Name(&[&self.alias]))
            .send()
            .await?;
        if response.status_code().as_u16() == 404 {
            let name = format!("{}-{}", self.alias, chrono::Utc::now().timestamp_millis());
            self.create(&name).await?;
            self.swap_alias(&name).await?;
        } else {
            checked(response).await?;
        }
        Ok(())
    }

    /// Brings the live index's mapping up to this version's (new fields are added in place;
    /// a changed analyzer or type needs `tidings reindex`, which builds a fresh index).
    pub async fn update_mapping(&self) -> anyhow::Result<()> {
        checked(
            self.client
                .indices()
                .put_mapping(IndicesPutMappingParts::Index(&[&self.alias]))
                .body(index_body()["mappings"].clone())
                .send()
                .await?,
        )
        .await
        .map(|_| ())
    }

    async fn create(&self, name: &str) -> anyhow::Result<()> {
        checked(
            self.client
                .indices()
                .create(IndicesCreateParts::Index(name))
                .body(index_body())
                .send()
                .await?,
        )
        .await
        .map(|_| ())
    }

    fn source(post: &PostDocument) -> Value {
        json!({
            "id": post.id, "kind": post.kind, "title": post.title, "content": post.content,
            "tags": post.tags, "author": post.author, "created_at": post.created_at.timestamp(),
            "likes": post.likes, "collects": post.collects, "comments": post.comments,
        })
    }

    async fn bulk(&self, index: &str, lines: Vec<Value>) -> anyhow::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        let body: Vec<JsonBody<Value>> = lines.into_iter().map(JsonBody::from).collect();
        let reply = checked(
            self.client
                .bulk(BulkParts::Index(index))
                .refresh(elasticsearch::params::Refresh::True)
                .body(body)
                .send()
                .await?,
        )
        .await?;
        if reply["errors"] == true {
            // A delete of a missing document is not an error for us.
            let failed: Vec<&Value> = reply["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|item| item.as_object()?.values().next())
                .filter(|result| result["status"].as_u64().unwrap_or(200) >= 300)
                .filter(|result| result["status"] != 404)
                .collect();
            anyhow::ensure!(failed.is_empty(), "bulk request failed: {failed:?}");
        }
        Ok(())
    }

    pub async fn upsert(&self, posts: &[PostDocument]) -> anyhow::Result<()> {
        self.ensure_index().await?;
        for chunk in posts.chunks(500) {
            let mut lines = Vec::with_capacity(chunk.len() * 2);
            for post in chunk {
                lines.push(json!({"index": {"_id": post.id.to_string()}}));
                lines.push(Self::source(post));
            }
            self.bulk(&self.alias, lines).await?;
        }
        Ok(())
    }

    pub async fn delete(&self, ids: &[i64]) -> anyhow::Result<()> {
        self.ensure_index().await?;
        let lines = ids
            .iter()
            .map(|id| json!({"delete": {"_id": id.to_string()}}))
            .collect();
        self.bulk(&self.alias, lines).await
    }

    pub async fn search(
        &self,
        text: &str,
        tag: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> anyhow::Result<Vec<Hit>> {
        const FIELDS: [&str; 3] = ["title^10", "tags^5", "content^2"];
        let typed = super::SearchText::parse(text);
        let words = json!({"multi_match": {"query": typed.words, "fields": FIELDS}});
        // Quoted phrases are required; the loose words then only rank what they found.
        let mut query = if typed.phrases.is_empty() {
            json!({"bool": {"must": [words]}})
        } else {
            let phrases: Vec<Value> = typed
                .phrases
                .iter()
                .map(|phrase| {
                    json!({"multi_match": {"query": phrase, "type": "phrase", "fields": FIELDS}})
                })
                .collect();
            json!({"bool": {"must": phrases, "should": [words]}})
        };
        if let Some(tag) = tag {
            query["bool"]["filter"] = json!([{"term": {"tags": tag.to_lowercase()}}]);
        }
        let reply = checked(
            self.client
                .search(SearchParts::Index(&[&self.alias]))
                .body(json!({
                    "from": offset, "size": limit, "_source": ["id", "title"], "query": query,
                    "highlight": {"pre_tags": ["<b>"], "post_tags": ["</b>"], "encoder": "html",
                        "fields": {"title": {"number_of_fragments": 0},
                                   "content": {"fragment_size": 160, "number_of_fragments": 1}}}
                }))
                .send()
                .await?,
        )
        .await?;
        Ok(reply["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|hit| Hit {
                id: hit["_source"]["id"].as_i64().unwrap_or_default(),
                title_html: hit["highlight"]["title"][0]
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| {
                        super::escape_html(hit["_source"]["title"].as_str().unwrap_or_default())
                    }),
                snippet_html: hit["highlight"]["content"][0]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            })
            .collect())
    }

    pub async fn hot(
        &self,
        tag: Option<&str>,
        formula: &HotFormula,
        now: i64,
        after: Option<(f64, i64)>,
        limit: u64,
    ) -> anyhow::Result<Vec<(f64, i64)>> {
        let base = match tag {
            Some(tag) => json!({"bool": {"filter": [{"term": {"tags": tag.to_lowercase()}}]}}),
            None => json!({"match_all": {}}),
        };
        // A script sort, not function_score + `_score`: the same f64 formula as the tantivy side
        // (so both backends order identically), and `search_after` on it pages exactly.
        let mut body = json!({
            "size": limit, "track_total_hits": false, "_source": false, "query": base,
            "sort": [
                {"_script": {"type": "number", "order": "desc", "script": {
                    "source": HOT_SCRIPT,
                    "params": {
                        "now": now,
                        "offset": formula.offset_days * 86_400.0,
                        "scale": formula.scale_days * 86_400.0,
                        "decay": formula.decay,
                        "like_weight": formula.like_weight,
                        "collect_weight": formula.collect_weight,
                        "comment_weight": formula.comment_weight,
                        "floor": formula.floor
                    }}}},
                {"id": "desc"}
            ]
        });
        if let Some((score, id)) = after {
            body["search_after"] = json!([score, id]);
        }
        let reply = checked(
            self.client
                .search(SearchParts::Index(&[&self.alias]))
                .body(body)
                .send()
                .await?,
        )
        .await?;
        Ok(reply["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|hit| {
                (
                    hit["sort"][0].as_f64().unwrap_or_default(),
                    hit["sort"][1].as_i64().unwrap_or_default(),
                )
            })
            .collect())
    }

    /// Fills a new versioned index from `batches`, then points the alias at it and drops the
    /// old one.
    pub async fn rebuild(
        &self,
        mut batches: tokio::sync::mpsc::Receiver<Vec<PostDocument>>,
    ) -> anyhow::Result<()> {
        let name = format!("{}-{}", self.alias, chrono::Utc::now().timestamp_millis());
        self.create(&name).await?;
        while let Some(batch) = batches.recv().await {
            let mut lines = Vec::with_capacity(batch.len() * 2);
            for post in &batch {
                lines.push(json!({"index": {"_id": post.id.to_string()}}));
                lines.push(Self::source(post));
            }
            self.bulk(&name, lines).await?;
        }
        checked(
            self.client
                .indices()
                .refresh(IndicesRefreshParts::Index(&[&name]))
                .send()
                .await?,
        )
        .await?;
        self.swap_alias(&name).await
    }

    async fn swap_alias(&self, name: &str) -> anyhow::Result<()> {
        let response = self
            .client
            .indices()
            .get_alias(IndicesGetAliasParts::Name(&[&self.alias]))
            .send()
            .await?;
        let old: Vec<String> = if response.status_code().is_success() {
            response
                .json::<Value>()
                .await?
                .as_object()
                .map(|indices| indices.keys().cloned().collect())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut actions: Vec<Value> = old
            .iter()
            .map(|index| json!({"remove": {"index": index, "alias": self.alias}}))
            .collect();
        actions.push(json!({"add": {"index": name, "alias": self.alias}}));
        checked(
            self.client
                .indices()
                .update_aliases()
                .body(json!({"actions": actions}))
                .send()
                .await?,
        )
        .await?;
        for index in old.iter().filter(|index| index.as_str() != name) {
            checked(
                self.client
                    .indices()
                    .delete(IndicesDeleteParts::Index(&[index]))
                    .send()
                    .await?,
            )
            .await?;
        }
        Ok(())
    }
}
