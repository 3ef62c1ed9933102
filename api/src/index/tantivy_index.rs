//! The embedded search backend: a tantivy index under `<data_dir>/search/<name>/`, where the
//! file `CURRENT` names the live index. `tidings reindex` builds a new one next to it and flips
//! `CURRENT` (an atomic rename); every process notices within a second and switches, so
//! searchers never see a half-built index. Tantivy allows one writer per index at a time:
//! each batch opens and closes its writer, so processes on one machine take turns.

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{LowerCaser, RawTokenizer, RemoveLongFilter, TextAnalyzer};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader,
    TantivyDocument, Term, doc,
};

use super::Hit;
use super::cjk::CjkBigramTokenizer;
use super::document::PostDocument;
use super::hot::HotFormula;

/// Memory for the writer's buffers.
const WRITER_HEAP_BYTES: usize = 30_000_000;
/// How often a process checks whether another one flipped `CURRENT`.
const CURRENT_CHECK: Duration = Duration::from_secs(1);

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    kind: Field,
    title: Field,
    content: Field,
    tags: Field,
    author: Field,
    created_at: Field,
    likes: Field,
    collects: Field,
    comments: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: builder.add_i64_field("id", INDEXED | STORED | FAST),
        kind: builder.add_text_field("kind", STRING | STORED),
        title: builder.add_text_field("title", text("cjk")),
        content: builder.add_text_field("content", text("cjk")),
        // Multi-valued: the field is added once per tag.
        tags: builder.add_text_field("tags", text("tag")),
        author: builder.add_text_field("author", STRING | STORED),
        created_at: builder.add_i64_field("created_at", INDEXED | STORED | FAST),
        likes: builder.add_i64_field("likes", STORED | FAST),
        collects: builder.add_i64_field("collects", STORED | FAST),
        comments: builder.add_i64_field("comments", STORED | FAST),
    };
    (builder.build(), fields)
}

struct Engine {
    index: Index,
    reader: IndexReader,
    /// Serializes this process's writes (tantivy's lock file serializes processes).
    writer: Mutex<()>,
    fields: Fields,
}

impl Engine {
    fn open(dir: &Path) -> tantivy::Result<Engine> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(MmapDirectory::open(dir)?, schema)?;
        // Tokenizers are not stored in the index: register them on every open.
        index.tokenizers().register(
            "cjk",
            TextAnalyzer::builder(CjkBigramTokenizer)
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .build(),
        );
        index.tokenizers().register(
            "tag",
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .build(),
        );
        // Commits by other processes show up by themselves; our own are reloaded at once.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Engine {
            index,
            reader,
            writer: Mutex::new(()),
            fields,
        })
    }

    fn to_document(&self, post: &PostDocument) -> TantivyDocument {
        let fields = self.fields;
        let mut document = doc!(
            fields.id => post.id,
            fields.kind => post.kind.as_str(),
            fields.title => post.title.as_str(),
            fields.content => post.content.as_str(),
            fields.author => post.author.as_str(),
            fields.created_at => post.created_at.timestamp(),
            fields.likes => post.likes,
            fields.collects => post.collects,
            fields.comments => post.comments,
        );
        for tag in &post.tags {
            document.add_text(fields.tags, tag);
        }
        document
    }

    /// Runs `change` with a writer, commits, and reloads. The writer is opened for each batch
    /// and closed after it, so several processes (serve + workers) on one machine take turns
    /// at tantivy's single-writer lock instead of one holding it forever.
    fn write(
        &self,
        change: impl FnOnce(&IndexWriter) -> tantivy::Result<()>,
    ) -> anyhow::Result<()> {
        let _turn = self
            .writer
            .lock()
            .map_err(|_| anyhow::anyhow!("the search writer lock is poisoned"))?;
        let mut writer = self.open_writer()?;
        change(&writer)?;
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Waits up to 10 s for another process to finish its batch.
    fn open_writer(&self) -> anyhow::Result<IndexWriter> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.index.writer_with_num_threads(1, WRITER_HEAP_BYTES) {
                Ok(writer) => return Ok(writer),
                Err(tantivy::TantivyError::LockFailure(..)) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    fn upsert(&self, posts: &[PostDocument]) -> anyhow::Result<()> {
        self.write(|writer| {
            for post in posts {
                writer.delete_term(Term::from_field_i64(self.fields.id, post.id));
                writer.add_document(self.to_document(post))?;
            }
            Ok(())
        })
    }

    fn delete(&self, ids: &[i64]) -> anyhow::Result<()> {
        self.write(|writer| {
            for id in ids {
                writer.delete_term(Term::from_field_i64(self.fields.id, *id));
            }
            Ok(())
        })
    }

    fn with_tag(&self, query: Box<dyn Query>, tag: Option<&str>) -> Box<dyn Query> {
        match tag {
            None => query,
            Some(tag) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.tags, &tag.to_lowercase()),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
        }
    }

    /// BM25 with boosts title^10, tags^5, content^2; `<b>` snippets.
    fn search(
        &self,
        text: &str,
        tag: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> anyhow::Result<Vec<Hit>> {
        let fields = self.fields;
        let mut parser =
            QueryParser::for_index(&self.index, vec![fields.title, fields.tags, fields.content]);
        parser.set_field_boost(fields.title, 10.0);
        parser.set_field_boost(fields.tags, 5.0);
        parser.set_field_boost(fields.content, 2.0);
        // Users search with plain words and "quoted phrases" (each one required): the rest of
        // the parser's syntax (fields, `*`, AND/OR, +/-) is not offered, so nothing a user types
        // is a syntax error or an expensive query.
        let typed = super::SearchText::parse(text);
        let mut words = plain_words(&typed.words);
        for phrase in &typed.phrases {
            let phrase = plain_words(phrase);
            let phrase: Vec<&str> = phrase.split_whitespace().collect();
            if !phrase.is_empty() {
                words.push_str(&format!(" +\"{}\"", phrase.join(" ")));
            }
        }
        if words.trim().is_empty() {
            return Ok(Vec::new());
        }
        let (query, _) = parser.parse_query_lenient(&words);
        let query = self.with_tag(query, tag);
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(limit as usize)
                .and_offset(offset as usize)
                .order_by_score(),
        )?;
        let mut titles = SnippetGenerator::create(&searcher, &*query, fields.title)?;
        titles.set_max_num_chars(200);
        let mut snippets = SnippetGenerator::create(&searcher, &*query, fields.content)?;
        snippets.set_max_num_chars(160);
        let mut hits = Vec::with_capacity(top.len());
        for (_score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let title = titles.snippet_from_doc(&document);
            hits.push(Hit {
                id: document
                    .get_first(fields.id)
                    .and_then(|value| value.as_i64())
                    .unwrap_or_default(),
                title_html: if title.is_empty() {
                    super::escape_html(
                        document
                            .get_first(fields.title)
                            .and_then(|value| value.as_str())
                            .unwrap_or_default(),
                    )
                } else {
                    title.to_html()
                },
                snippet_html: snippets.snippet_from_doc(&document).to_html(),
            });
        }
        Ok(hits)
    }

    /// The hot list's page after `after` (the (score, id) of the previous page's last post), or
    /// its first page. Scoring every document costs a pass over all of them, so the posts near
    /// `now` are scored first: a post further than `window` from now scores at most
    /// `decay(window) × the highest engagement any post has` (the segments' column maxima, which
    /// only err high), and once the page's last post scores above that, nothing outside can
    /// enter the page. Otherwise the window doubles, up to every post.
    fn hot(
        &self,
        tag: Option<&str>,
        formula: HotFormula,
        now: i64,
        after: Option<(f64, i64)>,
        limit: u64,
    ) -> anyhow::Result<Vec<(f64, i64)>> {
        let searcher = self.reader.searcher();
        let everything = || self.with_tag(Box::new(AllQuery), tag);
        let Some(bounds) = hot_bounds(&searcher, formula) else {
            return self.top_hot(&searcher, &*everything(), formula, now, after, limit);
        };
        let mut window = (formula.offset_days + 2.0 * formula.scale_days) * DAY_SECONDS;
        loop {
            let reach = window as i64;
            if now.saturating_sub(reach) <= bounds.oldest
                && now.saturating_add(reach) >= bounds.newest
            {
                return self.top_hot(&searcher, &*everything(), formula, now, after, limit);
            }
            let near = RangeQuery::new(
                Bound::Included(Term::from_field_i64(
                    self.fields.created_at,
                    now.saturating_sub(reach),
                )),
                Bound::Included(Term::from_field_i64(
                    self.fields.created_at,
                    now.saturating_add(reach),
                )),
            );
            let hits = self.top_hot(
                &searcher,
                &*self.with_tag(Box::new(near), tag),
                formula,
                now,
                after,
                limit,
            )?;
            let outside = formula.decay_factor(window) * bounds.engagement;
            if hits.len() as u64 == limit && hits.last().is_some_and(|(score, _)| *score > outside)
            {
                return Ok(hits);
            }
            window *= 2.0;
        }
    }

    /// The `limit` best (score, id) of the documents `query` matches, below `after`.
    fn top_hot(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        formula: HotFormula,
        now: i64,
        after: Option<(f64, i64)>,
        limit: u64,
    ) -> anyhow::Result<Vec<(f64, i64)>> {
        let collector =
            TopDocs::with_limit(limit as usize).tweak_score(move |segment: &SegmentReader| {
                let fast = segment.fast_fields();
                let column = |name: &str| {
                    fast.i64(name)
                        .map(|column| column.first_or_default_col(0))
                        .ok()
                };
                let columns = (
                    column("id"),
                    column("created_at"),
                    column("likes"),
                    column("collects"),
                    column("comments"),
                );
                move |doc: DocId, _: Score| -> (f64, i64) {
                    let (Some(id), Some(created), Some(likes), Some(collects), Some(comments)) =
                        &columns
                    else {
                        return (f64::NEG_INFINITY, i64::MIN);
                    };
                    let engagement = formula.engagement(
                        likes.get_val(doc),
                        collects.get_val(doc),
                        comments.get_val(doc),
                    );
                    let key = (
                        formula.score(now, created.get_val(doc), engagement),
                        id.get_val(doc),
                    );
                    match after {
                        // Already shown: sorts last and is dropped below.
                        Some(cursor) if key >= cursor => (f64::NEG_INFINITY, i64::MIN),
                        _ => key,
                    }
                }
            });
        let hits = searcher.search(query, &collector)?;
        Ok(hits
            .into_iter()
            .map(|(key, _): ((f64, i64), DocAddress)| key)
            .filter(|(score, _)| *score != f64::NEG_INFINITY)
            .collect())
    }
}

const DAY_SECONDS: f64 = 86_400.0;

/// What bounds every document's hot score: the range of creation times, and the highest
/// engagement any of them can have.
struct HotBounds {
    oldest: i64,
    newest: i64,
    engagement: f64,
}

/// The bounds from the segments' column statistics (no pass over the documents); `None` when a
/// weight is negative (the highest counts would not bound the engagement) or there is nothing.
fn hot_bounds(searcher: &tantivy::Searcher, formula: HotFormula) -> Option<HotBounds> {
    if [
        formula.like_weight,
        formula.collect_weight,
        formula.comment_weight,
    ]
    .iter()
    .any(|weight| *weight < 0.0)
    {
        return None;
    }
    let mut bounds: Option<HotBounds> = None;
    for segment in searcher.segment_readers() {
        if segment.num_docs() == 0 {
            continue;
        }
        let fast = segment.fast_fields();
        let created = fast.i64("created_at").ok()?;
        let highest = |name: &str| fast.i64(name).map(|column| column.max_value().max(0));
        let engagement = formula.engagement(
            highest("likes").ok()?,
            highest("collects").ok()?,
            highest("comments").ok()?,
        );
        let segment_bounds = HotBounds {
            oldest: created.min_value(),
            newest: created.max_value(),
            engagement,
        };
        bounds = Some(match bounds {
            None => segment_bounds,
            Some(bounds) => HotBounds {
                oldest: bounds.oldest.min(segment_bounds.oldest),
                newest: bounds.newest.max(segment_bounds.newest),
                engagement: bounds.engagement.max(segment_bounds.engagement),
            },
        });
    }
    bounds
}

pub struct TantivyIndex {
    root: PathBuf,
    live: RwLock<(String, Arc<Engine>)>,
    checked: Mutex<Instant>,
}

impl TantivyIndex {
    pub fn open(root: &Path) -> anyhow::Result<TantivyIndex> {
        std::fs::create_dir_all(root)?;
        let name = current_name(root);
        let engine = Engine::open(&root.join(&name))?;
        Ok(TantivyIndex {
            root: root.to_path_buf(),
            live: RwLock::new((name, Arc::new(engine))),
            checked: Mutex::new(Instant::now()),
        })
    }

    /// The live index, switching to a newer one another process built.
    fn engine(&self) -> anyhow::Result<Arc<Engine>> {
        let due = self
            .checked
            .lock()
            .map(|mut checked| {
                let due = checked.elapsed() >= CURRENT_CHECK;
                if due {
                    *checked = Instant::now();
                }
                due
            })
            .unwrap_or(false);
        if due {
            let name = current_name(&self.root);
            let stale = self.live.read().map(|live| live.0 != name).unwrap_or(false);
            if stale {
                let engine = Arc::new(Engine::open(&self.root.join(&name))?);
                if let Ok(mut live) = self.live.write() {
                    *live = (name, engine);
                }
            }
        }
        self.live
            .read()
            .map(|live| live.1.clone())
            .map_err(|_| anyhow::anyhow!("the search index lock is poisoned"))
    }

    pub fn upsert(&self, posts: &[PostDocument]) -> anyhow::Result<()> {
        self.engine()?.upsert(posts)
    }

    pub fn delete(&self, ids: &[i64]) -> anyhow::Result<()> {
        self.engine()?.delete(ids)
    }

    pub fn search(
        &self,
        text: &str,
        tag: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> anyhow::Result<Vec<Hit>> {
        self.engine()?.search(text, tag, offset, limit)
    }

    pub fn hot(
        &self,
        tag: Option<&str>,
        formula: HotFormula,
        now: i64,
        after: Option<(f64, i64)>,
        limit: u64,
    ) -> anyhow::Result<Vec<(f64, i64)>> {
        self.engine()?.hot(tag, formula, now, after, limit)
    }

    /// Builds a fresh index from `batches` next to the live one, then flips `CURRENT`.
    /// Call from a blocking thread: it waits on `batches`.
    pub fn rebuild(
        &self,
        mut batches: tokio::sync::mpsc::Receiver<Vec<PostDocument>>,
    ) -> anyhow::Result<()> {
        let name = format!("idx-{}", chrono::Utc::now().timestamp_millis());
        let fresh = Engine::open(&self.root.join(&name))?;
        fresh.write(|writer| {
            while let Some(batch) = batches.blocking_recv() {
                for post in &batch {
                    writer.add_document(fresh.to_document(post))?;
                }
            }
            Ok(())
        })?;
        let pointer = self.root.join("CURRENT.tmp");
        std::fs::write(&pointer, &name)?;
        std::fs::File::open(&pointer)?.sync_all()?;
        std::fs::rename(&pointer, self.root.join("CURRENT"))?;
        let old = self
            .live
            .write()
            .map(|mut live| std::mem::replace(&mut *live, (name.clone(), Arc::new(fresh))))
            .map_err(|_| anyhow::anyhow!("the search index lock is poisoned"))?;
        // The index just replaced stays until the next rebuild: other processes switch to the
        // new one within a second and may be reading the old one until then.
        let previous = old.0.clone();
        drop(old);
        for entry in std::fs::read_dir(&self.root)?.flatten() {
            let entry_name = entry.file_name().to_string_lossy().to_string();
            if entry_name.starts_with("idx-") && entry_name != name && entry_name != previous {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        Ok(())
    }
}

fn current_name(root: &Path) -> String {
    std::fs::read_to_string(root.join("CURRENT"))
        .map(|name| name.trim().to_string())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "idx-0".into())
}

/// `text` as lower-case words separated by spaces: every character that is not a letter or a
/// digit (in any script) becomes a space, so the query parser sees no operators.
fn plain_words(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let keep = c.is_alphanumeric();
            c.to_lowercase()
                .map(move |lower| if keep { lower } else { ' ' })
        })
        .collect()
}

#[cfg(test)]
mod plain_words_tests {
    use super::plain_words;

    #[test]
    fn query_syntax_becomes_words() {
        assert_eq!(plain_words("title:* AND \"x\""), "title   and  x ");
        assert_eq!(plain_words("Rust 数据库"), "rust 数据库");
        assert_eq!(plain_words("+a -b"), " a  b");
    }
}

#[cfg(test)]
mod hot_tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn formula() -> HotFormula {
        HotFormula::example()
    }

    /// Pages from the near-first pass equal pages from scoring every post, including when a
    /// few old posts have enormous engagement (the window has to widen for them).
    #[test]
    fn pruned_pages_equal_scoring_everything() {
        let dir =
            std::env::temp_dir().join(format!("tidings-hot-{}", uuid::Uuid::new_v4().simple()));
        let engine = Engine::open(&dir).expect("index");
        let now = 1_790_000_000_i64;
        let mut seed = 7_u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 33
        };
        let posts: Vec<PostDocument> = (1..=3_000_i64)
            .map(|id| {
                let age = (next() % (730 * 86_400)) as i64;
                let likes = if id % 397 == 0 {
                    1_000_000
                } else {
                    (next() % 50) as i64
                };
                PostDocument {
                    id,
                    kind: "post".to_string(),
                    title: format!("post {id}"),
                    content: String::new(),
                    tags: if id % 3 == 0 {
                        vec!["rust".to_string()]
                    } else {
                        Vec::new()
                    },
                    author: "ann".to_string(),
                    created_at: Utc.timestamp_opt(now - age, 0).single().unwrap_or_default(),
                    likes,
                    collects: (next() % 5) as i64,
                    comments: (next() % 5) as i64,
                }
            })
            .collect();
        engine
            .write(|writer| {
                for post in &posts {
                    writer.add_document(engine.to_document(post))?;
                }
                Ok(())
            })
            .expect("write");
        engine.reader.reload().expect("reload");
        for tag in [None, Some("rust")] {
            let mut after = None;
            for page in 0..8 {
                let pruned = engine.hot(tag, formula(), now, after, 20).expect("hot");
                let everything = engine.with_tag(Box::new(AllQuery), tag);
                let full = engine
                    .top_hot(
                        &engine.reader.searcher(),
                        &*everything,
                        formula(),
                        now,
                        after,
                        20,
                    )
                    .expect("all");
                assert_eq!(pruned, full, "{tag:?}, page {page}");
                assert_eq!(pruned.len(), 20);
                after = pruned.last().copied();
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
