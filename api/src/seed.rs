//! Demo content so a newcomer's first `make run` shows a living site. Written through the same
//! services as the API, so every counter is right.

use sea_orm::{EntityTrait, PaginatorTrait};

use crate::auth::AuthUser;
use crate::auth::dto::RegisterRequest;
use crate::comments::dto::CreateCommentRequest;
use crate::entity::users;
use crate::posts::dto::CreatePostRequest;
use crate::reactions::target::{Reaction, Target};
use crate::state::AppState;
use crate::{auth, comments, follows, posts, reactions};

pub const DEMO_PASSWORD: &str = "tidings-demo";

const USERS: [(&str, &str); 5] = [
    ("alice", "Alice"),
    ("bob", "Bob"),
    ("carol", "Carol"),
    ("dmitri", "Dmitri"),
    ("mei", "梅"),
];

/// (author index, title, url, markdown, tags)
type DemoPost = (
    usize,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static [&'static str],
);

const POSTS: [DemoPost; 8] = [
    (
        0,
        "Keyset pagination beats OFFSET once lists get long",
        Some("https://use-the-index-luke.com/no-offset"),
        "`OFFSET 100000` makes the database read and throw away 100,000 rows. A cursor that remembers the last id seen \
      costs the same on page 1 and page 5,000 — and new rows arriving between pages no longer shift what you see.\n\n\
      Tidings uses opaque cursors everywhere for exactly this reason.",
        &["databases", "performance"],
    ),
    (
        1,
        "Why we rebuilt a Flask community site in Rust",
        None,
        "The original was a fine teaching project: Redis in front of everything, Celery for fan-out, Elasticsearch for \
      the hot list. It also had bugs that only show up under load:\n\n\
      1. `get_or_create` racing between two sessions\n2. counters computed with `COUNT(*)` on every page\n\
      3. the like button state shared by every card on a page\n\nThis rewrite keeps the design and fixes the bugs.",
        &["rust", "architecture"],
    ),
    (
        2,
        "A gentle introduction to Gaussian time decay",
        Some(
            "https://www.elastic.co/guide/en/elasticsearch/reference/current/query-dsl-function-score-query.html",
        ),
        "Ranking by likes alone makes old posts immortal. Multiply engagement by a **decay** on age — \
      `exp(-(age - offset)² / 2σ²)` — and a week-old post with 50 likes can still lose to a fresh one with 10.",
        &["search", "ranking"],
    ),
    (
        3,
        "Idempotent writes: the cheapest concurrency fix you will ever ship",
        None,
        "Double-clicks, retries and flaky mobile networks all send the same request twice. \
      Make the write `INSERT … ON CONFLICT DO NOTHING` and move the counter only when a row really changed.",
        &["databases", "reliability"],
    ),
    (
        4,
        "用 Rust 写 Web 服务的一些体会",
        None,
        "最近把一个 Flask 社区项目用 Rust 重写了一遍。最大的感受是：**编译器替你挡住了很多线上才会暴露的问题**。\n\n\
      - 类型系统让空值和错误处理变得显式\n- 异步运行时的性能非常稳定\n- 编译时间确实是代价",
        &["rust", "中文"],
    ),
    (
        0,
        "Reading list: caching without lying to your users",
        Some("https://martinfowler.com/bliki/TwoHardThings.html"),
        "Cache invalidation after commit, not before; negative caching for missing ids; single-flight loaders so a \
      hot key expiring doesn't stampede the database. Notes and links inside.",
        &["caching", "performance"],
    ),
    (
        2,
        "Markdown is a fine format for comments — if you sanitize it",
        None,
        "Render on the server, then run the HTML through an allow-list sanitizer. Scripts, event handlers and \
      `javascript:` links must never survive. <script>alert('this will not run')</script>",
        &["security"],
    ),
    (
        4,
        "周末读书笔记：《数据密集型应用系统设计》",
        Some("https://dataintensive.net/"),
        "第五章讲复制，第七章讲事务。读已提交（READ COMMITTED）是大多数数据库的默认隔离级别，理解它能避免很多并发问题。",
        &["databases", "中文", "books"],
    ),
];

/// Seeds when the database has no users; returns whether it did.
pub async fn seed_if_empty(state: &AppState) -> anyhow::Result<bool> {
    if users::Entity::find().count(&state.db.conn).await? > 0 {
        return Ok(false);
    }
    let mut people = Vec::new();
    for (name, nickname) in USERS {
        let session = auth::service::register(
            state,
            RegisterRequest {
                name: name.into(),
                email: format!("{name}@example.com"),
                password: DEMO_PASSWORD.into(),
            },
        )
        .await
        .map_err(|error| anyhow::anyhow!("seeding user {name}: {error}"))?;
        let user = AuthUser {
            id: session.user.id,
            session_id: String::new(),
        };
        crate::users::service::update_me(
            state,
            &user,
            crate::users::dto::UpdateProfileRequest {
                nickname: Some(nickname.into()),
                bio: Some(format!("{nickname} writes about software on Tidings.")),
                website: None,
                company: None,
            },
        )
        .await
        .map_err(|error| anyhow::anyhow!("seeding profile of {name}: {error}"))?;
        people.push(user);
    }

    let mut post_ids = Vec::new();
    for (author, title, url, content, tags) in POSTS {
        let post = posts::service::create(
            state,
            &people[author],
            CreatePostRequest {
                title: title.into(),
                orig_url: url.map(str::to_string),
                content: content.into(),
                tags: tags.iter().map(|tag| tag.to_string()).collect(),
                can_comment: Some(true),
            },
        )
        .await
        .map_err(|error| anyhow::anyhow!("seeding post {title}: {error}"))?;
        post_ids.push(post.card.id);
    }

    let run = |error: crate::error::AppError| anyhow::anyhow!("seeding: {error}");
    for (index, person) in people.iter().enumerate() {
        for (other, _) in people
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
        {
            if (index + other) % 2 == 1 || other == 0 {
                follows::service::follow(state, person, people[other].id)
                    .await
                    .map_err(run)?;
            }
        }
        for (position, post_id) in post_ids.iter().enumerate() {
            if (position + index) % 3 != 0 {
                reactions::service::set_reaction(
                    state,
                    person,
                    Reaction::Like,
                    Target::post(*post_id),
                    true,
                )
                .await
                .map_err(run)?;
            }
            if (position + index) % 4 == 1 {
                reactions::service::set_reaction(
                    state,
                    person,
                    Reaction::Collect,
                    Target::post(*post_id),
                    true,
                )
                .await
                .map_err(run)?;
            }
        }
    }

    let thread = [
        (
            1,
            1,
            "Point 3 bit me in production once. Glad to see it fixed at the API level.",
        ),
        (2, 0, "Do you have numbers for the COUNT(*) change?"),
        (3, 4, "写得很好，编译时间确实是个问题。"),
        (
            0,
            2,
            "The decay explanation finally made function_score click for me.",
        ),
    ];
    for (author, post, text) in thread {
        let comment = comments::service::create(
            state,
            &people[author],
            post_ids[post],
            CreateCommentRequest {
                content: text.into(),
                ref_id: None,
            },
        )
        .await
        .map_err(run)?;
        let replier = (author + 1) % people.len();
        let reply = comments::service::create(
            state,
            &people[replier],
            post_ids[post],
            CreateCommentRequest {
                content: "Agreed — and thanks for writing it up.".into(),
                ref_id: Some(comment.id),
            },
        )
        .await
        .map_err(run)?;
        reactions::service::set_reaction(
            state,
            &people[author],
            Reaction::Like,
            Target::comment(reply.id),
            true,
        )
        .await
        .map_err(run)?;
    }
    println!(
        "seeded demo content: {} users (password `{DEMO_PASSWORD}`: {}), {} posts",
        people.len(),
        USERS.map(|(name, _)| name).join(", "),
        post_ids.len()
    );
    Ok(true)
}
