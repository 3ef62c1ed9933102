//! Demo content so a newcomer's first `make run` shows a living site. Written through the same
//! services as the API, so every counter is right.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::auth::dto::RegisterRequest;
use crate::comments::dto::CreateCommentRequest;
use crate::domain::ids::UserId;
use crate::domain::targets::{Reaction, Target};
use crate::entity::users;
use crate::session::AuthUser;
use crate::state::AppState;
use crate::{auth, comments, follows, reactions};

pub const DEMO_PASSWORD: &str = "tidings-demo";

const USERS: [(&str, &str); 5] = [
    ("alice", "Alice"),
    ("bob", "Bob"),
    ("carol", "Carol"),
    ("dmitri", "Dmitri"),
    ("mei", "梅"),
];

/// The demo posts: an Atom feed bundled in the binary, imported like any feed (its entries'
/// dates, links, categories as tags), the entries dealt out to the demo users in turn.
const DEMO_FEED: &[u8] = include_bytes!("../../demo/demo-feed.atom.xml");

/// Seeds when the database has no users; returns whether it did.
pub async fn seed_if_empty(state: &AppState) -> anyhow::Result<bool> {
    if users::Entity::find().count(&state.db.conn).await? > 0 {
        return Ok(false);
    }
    let mut people = Vec::new();
    for (name, nickname) in USERS {
        let id = auth::service::create_account(
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
            id: UserId(id),
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
                // The demo shows what a public collection looks like.
                collects_public: Some(true),
            },
        )
        .await
        .map_err(|error| anyhow::anyhow!("seeding profile of {name}: {error}"))?;
        // Demo accounts are ready to write: their addresses are made up, so nobody could
        // confirm them (the confirmation mail job finds them confirmed and sends nothing).
        let mut write = crate::effects::Write::begin(state).await?;
        users::Entity::update_many()
            .col_expr(
                users::Column::ConfirmedAt,
                sea_orm::sea_query::Expr::value(chrono::Utc::now()),
            )
            .filter(users::Column::Id.eq(user.id))
            .exec(write.conn())
            .await?;
        write
            .record(crate::effects::Fact::AccountChanged { user: user.id })
            .await?;
        write.commit().await?;
        people.push(user);
    }

    let feed = crate::crawl::parse::parse(DEMO_FEED, None)?;
    let bar = super::progress::progress_bar("demo posts", feed.entries.len() as u64);
    let mut post_ids = Vec::new();
    let mut report = crate::crawl::service::ImportReport::default();
    for (index, entry) in feed.entries.iter().enumerate() {
        let author = &people[index % people.len()];
        let one = crate::crawl::service::import_items(
            state,
            None,
            author.id.get(),
            std::slice::from_ref(entry),
            &indicatif::ProgressBar::hidden(),
        )
        .await?;
        if let Some(error) = one.first_error {
            anyhow::bail!("seeding post {}: {error}", entry.title);
        }
        post_ids.extend(one.post_ids);
        report.imported += one.imported;
        bar.inc(1);
    }
    bar.finish_and_clear();

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
            crate::domain::ids::PostId(post_ids[post]),
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
            crate::domain::ids::PostId(post_ids[post]),
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
        "seeded demo content: {} users (password `{DEMO_PASSWORD}`: {}), {} posts from the demo feed ({report})",
        people.len(),
        USERS.map(|(name, _)| name).join(", "),
        post_ids.len()
    );
    Ok(true)
}
