//! Notifications: what notifies whom (once, never yourself), like groups, the inbox and its
//! unread count, per-kind choices, digest mail with one-click unsubscribe, and the live stream
//! (tickets, `Last-Event-ID`, across processes through Redis).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{
    MailServer, Remote, TestUser, TwoProcesses, eventually, spawn_app, spawn_app_with,
};

/// The caller's whole inbox, newest first.
async fn inbox(api: &Remote, user: &TestUser) -> Vec<Value> {
    let reply = api
        .get(
            "/api/v1/me/notifications?limit=100",
            Some(&user.access_token),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["items"].as_array().cloned().unwrap_or_default()
}

async fn unread(api: &Remote, user: &TestUser) -> i64 {
    let reply = api
        .get(
            "/api/v1/me/notifications/unread-count",
            Some(&user.access_token),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["count"].as_i64().expect("count")
}

/// Waits until the inbox holds `count` items and returns it.
async fn inbox_of_size(api: &Remote, user: &TestUser, count: usize) -> Vec<Value> {
    eventually(15, &format!("{count} notification(s)"), || async {
        let items = inbox(api, user).await;
        (items.len() == count).then_some(items)
    })
    .await
}

/// Lets every job queued so far run: a probe notification to `witness` lands after them.
async fn settle(api: &Remote, author: &TestUser, witness: &TestUser, expected: usize) {
    let post = api.create_post(witness, "settle", &[]).await;
    let id = post["id"].as_i64().expect("id");
    api.post(
        format!("/api/v1/posts/{id}/comments"),
        Some(&author.access_token),
        json!({"content": "settling"}),
    )
    .await;
    inbox_of_size(api, witness, expected).await;
}

fn kinds(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item["kind"].as_str().unwrap_or(""))
        .collect()
}

fn actor_names(item: &Value) -> Vec<&str> {
    item["actors"]
        .as_array()
        .map(|actors| {
            actors
                .iter()
                .filter_map(|actor| actor["name"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

async fn comment(
    api: &Remote,
    user: &TestUser,
    post: i64,
    content: &str,
    parent: Option<i64>,
) -> Value {
    let mut body = json!({"content": content});
    if let Some(parent) = parent {
        body["ref_id"] = json!(parent);
    }
    let reply = api
        .post(
            format!("/api/v1/posts/{post}/comments"),
            Some(&user.access_token),
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn replies_mentions_and_follows_notify_once_and_never_yourself() {
    let app = spawn_app().await;
    let api = &app.api;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let carol = app.register("carol").await;
    let dave = app.register("dave").await;
    let post = app.create_post(&alice, "Alice's post", &[]).await;
    let post_id = post["id"].as_i64().expect("id");

    // A comment on your own post tells nobody.
    comment(api, &alice, post_id, "my own words", None).await;
    // bob answers the post, mentioning alice (one notification: the reply) and carol and an
    // unknown name (plain text).
    let bobs = comment(
        api,
        &bob,
        post_id,
        "hi @Alice and @carol, not @nobody",
        None,
    )
    .await;
    let bobs_id = bobs["id"].as_i64().expect("id");
    let html = bobs["content_html"].as_str().expect("html");
    assert!(html.contains(r#"<a href="/users/carol""#), "{html}");
    assert!(html.contains(r#"<a href="/users/alice""#), "{html}");
    assert!(!html.contains("/users/nobody"), "{html}");
    // alice answers bob's comment: bob hears of it.
    let alices = comment(api, &alice, post_id, "thanks", Some(bobs_id)).await;
    let alices_id = alices["id"].as_i64().expect("id");

    let for_alice = inbox_of_size(api, &alice, 1).await;
    assert_eq!(kinds(&for_alice), ["reply"]);
    assert_eq!(actor_names(&for_alice[0]), ["bob"]);
    assert_eq!(for_alice[0]["target"]["kind"], "comment");
    assert_eq!(
        for_alice[0]["target"]["url"],
        format!("/posts/{post_id}#comment-{bobs_id}")
    );
    assert_eq!(for_alice[0]["target"]["title"], "Alice's post");
    assert!(
        for_alice[0]["target"]["excerpt"]
            .as_str()
            .unwrap_or("")
            .starts_with("hi @Alice"),
        "{:?}",
        for_alice[0]
    );
    let for_bob = inbox_of_size(api, &bob, 1).await;
    assert_eq!(kinds(&for_bob), ["reply"]);
    assert_eq!(for_bob[0]["target"]["id"], alices_id);
    let for_carol = inbox_of_size(api, &carol, 1).await;
    assert_eq!(kinds(&for_carol), ["mention"]);
    assert_eq!(for_carol[0]["read"], false);

    // An edit that adds a mention tells the new name once; keeping it tells nobody again.
    for text in ["hi @Alice and @carol and @dave", "still @dave and @carol"] {
        let edited = api
            .patch(
                format!("/api/v1/comments/{bobs_id}"),
                Some(&bob.access_token),
                json!({"content": text}),
            )
            .await;
        assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    }
    // A mention in a post notifies too.
    let credited = api
        .post(
            "/api/v1/posts",
            Some(&bob.access_token),
            json!({"title": "Thanks", "content": "credit to @dave"}),
        )
        .await;
    assert_eq!(credited.status, StatusCode::CREATED, "{:?}", credited.body);
    // Following tells the followed person once, however often it is repeated.
    for path in ["follow", "follow"] {
        api.put(
            format!("/api/v1/users/{}/{path}", alice.id),
            Some(&bob.access_token),
        )
        .await;
    }
    api.delete(
        format!("/api/v1/users/{}/follow", alice.id),
        Some(&bob.access_token),
    )
    .await;
    api.put(
        format!("/api/v1/users/{}/follow", alice.id),
        Some(&bob.access_token),
    )
    .await;

    let for_dave = inbox_of_size(api, &dave, 2).await;
    assert_eq!(kinds(&for_dave), ["mention", "mention"]);
    assert_eq!(for_dave[0]["target"]["kind"], "post");
    assert_eq!(for_dave[1]["target"]["kind"], "comment");
    settle(api, &bob, &carol, 2).await;
    let for_alice = inbox(api, &alice).await;
    assert_eq!(kinds(&for_alice), ["follow", "reply"]);
    assert_eq!(for_alice[0]["target"]["url"], "/users/bob");
    assert_eq!(
        inbox(api, &carol)
            .await
            .iter()
            .filter(|item| item["kind"] == "mention")
            .count(),
        1
    );

    // Read marks: one, then all up to an id; the count follows exactly.
    assert_eq!(unread(api, &alice).await, 2);
    let newest = for_alice[0]["id"].as_i64().expect("id");
    let oldest = for_alice[1]["id"].as_i64().expect("id");
    let one = api
        .post(
            format!("/api/v1/me/notifications/{oldest}/read"),
            Some(&alice.access_token),
            json!({}),
        )
        .await;
    assert_eq!(one.status, StatusCode::NO_CONTENT, "{:?}", one.body);
    assert_eq!(unread(api, &alice).await, 1);
    let not_yours = api
        .post(
            format!("/api/v1/me/notifications/{oldest}/read"),
            Some(&bob.access_token),
            json!({}),
        )
        .await;
    assert_eq!(not_yours.status, StatusCode::NOT_FOUND);
    let all = api
        .post(
            "/api/v1/me/notifications/read",
            Some(&alice.access_token),
            json!({"up_to": newest}),
        )
        .await;
    assert_eq!(all.body, json!({"count": 0}));
    assert!(
        inbox(api, &alice)
            .await
            .iter()
            .all(|item| item["read"] == true)
    );

    // Pages: newest first, by cursor.
    let page = api
        .get("/api/v1/me/notifications?limit=1", Some(&dave.access_token))
        .await;
    let cursor = page.body["next_cursor"]
        .as_str()
        .expect("cursor")
        .to_string();
    let next = api
        .get(
            format!("/api/v1/me/notifications?limit=1&cursor={cursor}"),
            Some(&dave.access_token),
        )
        .await;
    assert_eq!(next.body["items"][0]["id"], for_dave[1]["id"]);
    assert_eq!(
        api.get("/api/v1/me/notifications", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn likes_are_grouped_and_an_unlike_before_reading_takes_the_person_out() {
    let app = spawn_app().await;
    let api = &app.api;
    let alice = app.register("alice").await;
    let likers = [
        app.register("bob").await,
        app.register("carol").await,
        app.register("dave").await,
    ];
    let witness = app.register("erin").await;
    let post = app.create_post(&alice, "Likeable", &[]).await;
    let like = format!("/api/v1/posts/{}/like", post["id"]);
    for liker in &likers {
        api.put(&like, Some(&liker.access_token)).await;
    }
    // alice's own like tells nobody.
    api.put(&like, Some(&alice.access_token)).await;
    let items = eventually(15, "three likers grouped", || async {
        let items = inbox(api, &alice).await;
        (items.len() == 1 && items[0]["actor_count"] == 3).then_some(items)
    })
    .await;
    assert_eq!(items[0]["kind"], "like");
    assert_eq!(actor_names(&items[0]), ["dave", "carol", "bob"]);

    // carol takes hers back before alice read it; bob's like/unlike/like storm changes nothing.
    api.delete(&like, Some(&likers[1].access_token)).await;
    for _ in 0..3 {
        api.delete(&like, Some(&likers[0].access_token)).await;
        api.put(&like, Some(&likers[0].access_token)).await;
    }
    let items = eventually(15, "carol out of the group", || async {
        let items = inbox(api, &alice).await;
        (items.len() == 1 && items[0]["actor_count"] == 2).then_some(items)
    })
    .await;
    // bob liked last; MySQL keeps times to the second, so only the set is certain everywhere.
    let mut names = actor_names(&items[0]);
    names.sort_unstable();
    assert_eq!(names, ["bob", "dave"]);
    settle(api, &likers[2], &witness, 1).await;
    let items = inbox(api, &alice).await;
    assert_eq!(items.len(), 1, "one group: {items:?}");
    assert_eq!(items[0]["actor_count"], 2);
    assert_eq!(unread(api, &alice).await, 1);

    // Once read, the group is closed: a new liker starts a new one, and bob liking again (he
    // was told of) starts nothing.
    api.post(
        "/api/v1/me/notifications/read",
        Some(&alice.access_token),
        json!({}),
    )
    .await;
    api.delete(&like, Some(&likers[0].access_token)).await;
    api.put(&like, Some(&likers[0].access_token)).await;
    api.put(&like, Some(&witness.access_token)).await;
    let items = eventually(15, "a second group", || async {
        let items = inbox(api, &alice).await;
        (items.len() == 2).then_some(items)
    })
    .await;
    assert_eq!(items[0]["actor_count"], 1);
    assert_eq!(actor_names(&items[0]), ["erin"]);
    assert_eq!(unread(api, &alice).await, 1);

    // A burst of likes on one post: one group, all counted, few jobs.
    let crowd = app.bulk_users(60, "fan").await;
    let mut writes = Vec::new();
    for fan in &crowd {
        writes.push(api.put(&like, Some(&fan.access_token)));
    }
    for reply in futures_util::future::join_all(writes).await {
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    }
    eventually(30, "61 in the open group", || async {
        let items = inbox(api, &alice).await;
        (items.len() == 2 && items[0]["actor_count"] == 61).then_some(())
    })
    .await;
    let groups = app
        .count_rows(&format!(
            "notifications WHERE recipient_id = {} AND kind = 'like'",
            alice.id
        ))
        .await;
    assert_eq!(groups, 2);
}

#[tokio::test]
async fn choices_per_kind_are_kept_and_in_app_off_hides_the_kind() {
    let app = spawn_app().await;
    let api = &app.api;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let settings = api
        .get(
            "/api/v1/me/notification-settings",
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(
        settings.body["kinds"],
        json!([
            {"kind": "reply", "in_app": true, "mail": true},
            {"kind": "mention", "in_app": true, "mail": true},
            {"kind": "like", "in_app": true, "mail": false},
            {"kind": "follow", "in_app": true, "mail": false},
            {"kind": "moderation", "in_app": true, "mail": true},
        ])
    );
    let changed = api
        .patch(
            "/api/v1/me/notification-settings",
            Some(&alice.access_token),
            json!({"kinds": [{"kind": "follow", "in_app": false, "mail": false}]}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(
        changed.body["kinds"][3],
        json!({"kind": "follow", "in_app": false, "mail": false})
    );
    assert_eq!(changed.body["kinds"][0]["in_app"], true);
    for bad in [
        json!({"kinds": []}),
        json!({"kinds": [{"kind": "shout", "in_app": true, "mail": true}]}),
        json!({"kinds": [{"kind": "like", "in_app": "yes", "mail": true}]}),
    ] {
        let refused = api
            .patch(
                "/api/v1/me/notification-settings",
                Some(&alice.access_token),
                bad,
            )
            .await;
        assert!(refused.status.is_client_error(), "{:?}", refused.body);
        assert!(!refused.code().is_empty());
    }
    api.put(
        format!("/api/v1/users/{}/follow", alice.id),
        Some(&bob.access_token),
    )
    .await;
    settle(api, &bob, &alice, 1).await;
    assert_eq!(kinds(&inbox(api, &alice).await), ["reply"]);
}

#[tokio::test]
async fn user_suggestions_complete_a_mention() {
    let app = spawn_app().await;
    for name in ["alina", "Alice", "al_x", "bob"] {
        app.register(name).await;
    }
    let reply = app.get("/api/v1/user-suggestions?prefix=al", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let names: Vec<&str> = reply
        .body
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|user| user["name"].as_str())
        .collect();
    assert_eq!(names, ["al_x", "Alice", "alina"]);
    // `_` is a letter of names here, not a wildcard.
    let exact = app.get("/api/v1/user-suggestions?prefix=al_", None).await;
    assert_eq!(exact.body.as_array().map(Vec::len), Some(1));
    for bad in ["", "a%25", &"a".repeat(21)] {
        let refused = app
            .get(format!("/api/v1/user-suggestions?prefix={bad}"), None)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {:?}",
            refused.body
        );
    }
}

#[tokio::test]
async fn digest_mail_respects_choices_and_unsubscribes_in_one_click() {
    if !MailServer::available() {
        return;
    }
    let mail = MailServer::start();
    let smtp_url = mail.smtp_url();
    let app = spawn_app_with(|settings| {
        settings.smtp_url = Some(smtp_url.into());
        settings.public_url = "http://tidings.test".into();
        settings.notification_mail_interval_secs = 2;
    })
    .await;
    let api = &app.api;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    app.db
        .execute_unprepared("UPDATE users SET confirmed_at = created_at")
        .await
        .expect("confirm everyone");
    let post = app.create_post(&alice, "Mail me", &[]).await;
    let post_id = post["id"].as_i64().expect("id");
    // A like (mail off by default) and two replies: one mail, the replies batched or not, the
    // like never.
    api.put(
        format!("/api/v1/posts/{post_id}/like"),
        Some(&bob.access_token),
    )
    .await;
    comment(api, &bob, post_id, "first reply", None).await;
    comment(api, &bob, post_id, "second reply", None).await;
    eventually(20, "a digest", || async {
        (!digests(&mail).await.is_empty()).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let messages = digests(&mail).await;
    let text: String = messages
        .iter()
        .map(|message| message["text"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(text.matches("replied to you").count(), 2, "{text}");
    assert!(!text.contains("liked"), "{text}");
    assert!(messages.len() <= 2, "{} mails", messages.len());
    let source = mail.source(&messages[0]).await;
    let header_value = |name: &str| {
        source
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in\n{source}"))
            .to_string()
    };
    let header = header_value("List-Unsubscribe:");
    assert_eq!(
        header_value("List-Unsubscribe-Post:"),
        "List-Unsubscribe=One-Click"
    );
    assert!(
        header.starts_with("<http://tidings.test/api/v1/notifications/unsubscribe?token="),
        "{header}"
    );
    let token = header
        .split("token=")
        .nth(1)
        .expect("token")
        .trim_end_matches('>')
        .to_string();
    assert!(
        text.contains(&format!("http://tidings.test/unsubscribe?token={token}")),
        "{text}"
    );

    // A GET (a scanner following the link) changes nothing; the POST turns every mail off.
    let path = format!("/api/v1/notifications/unsubscribe?token={token}");
    assert_ne!(api.get(&path, None).await.status, StatusCode::OK);
    let forged = api.post(format!("{path}x"), None, json!({})).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(forged.code(), "invalid_token");
    let done = api.post(&path, None, json!({})).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body, json!({"kind": null}));
    let settings = api
        .get(
            "/api/v1/me/notification-settings",
            Some(&alice.access_token),
        )
        .await;
    assert!(
        settings.body["kinds"]
            .as_array()
            .expect("kinds")
            .iter()
            .all(|kind| kind["mail"] == false && kind["in_app"] == true),
        "{:?}",
        settings.body
    );
    let before = digests(&mail).await.len();
    comment(api, &bob, post_id, "third reply", None).await;
    inbox_of_size(api, &alice, 4).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(digests(&mail).await.len(), before);
}

/// The notification digests mailed to alice (not her account mail).
async fn digests(mail: &MailServer) -> Vec<Value> {
    mail.messages()
        .await
        .into_iter()
        .filter(|message| {
            message["to"]
                .as_array()
                .is_some_and(|to| to.iter().any(|item| item["address"] == "alice@example.com"))
                && message["subject"]
                    .as_str()
                    .is_some_and(|subject| subject.contains("notification"))
        })
        .collect()
}

/// A reader of one `text/event-stream` response.
struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

#[derive(Debug, Clone)]
struct Event {
    name: String,
    id: Option<String>,
    data: String,
}

impl EventStream {
    async fn open(
        api: &Remote,
        query: &str,
        token: Option<&str>,
        last_event_id: Option<&str>,
    ) -> Result<EventStream, (StatusCode, Value)> {
        let mut request = api.client.get(format!(
            "{}/api/v1/me/notifications/stream{query}",
            api.address
        ));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.expect("stream request");
        if response.status() != StatusCode::OK {
            let status = response.status();
            let body = response.json().await.unwrap_or(Value::Null);
            return Err((status, body));
        }
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap_or("")
                .starts_with("text/event-stream")
        );
        Ok(EventStream {
            response,
            buffer: String::new(),
        })
    }

    /// The next event that is not a comment, within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Event> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = Event {
                    name: "message".into(),
                    id: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        event.name = value.trim().to_string();
                        any = true;
                    } else if let Some(value) = line.strip_prefix("id:") {
                        event.id = Some(value.trim().to_string());
                    } else if let Some(value) = line.strip_prefix("data:") {
                        event.data.push_str(value.trim_start());
                        any = true;
                    }
                }
                if any {
                    return Some(event);
                }
                continue;
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// Whether the server closes the stream within `wait` (events meanwhile are skipped).
    async fn ends(&mut self, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        loop {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None)) | Ok(Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }

    /// The next `notification` event (skipping count updates).
    async fn next_notification(&mut self, wait: Duration) -> Option<Event> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let event = self.next(left).await?;
            if event.name == "notification" {
                return Some(event);
            }
        }
    }
}

async fn ticket(api: &Remote, user: &TestUser) -> String {
    let reply = api
        .post(
            "/api/v1/me/notifications/stream-ticket",
            Some(&user.access_token),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["ticket"].as_str().expect("ticket").to_string()
}

#[tokio::test]
async fn the_stream_pushes_new_notifications_and_resumes_after_the_last_event() {
    let app = spawn_app().await;
    let api = &app.api;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let post = app.create_post(&alice, "Streamed", &[]).await;
    let post_id = post["id"].as_i64().expect("id");

    let first = ticket(api, &alice).await;
    let mut stream = EventStream::open(api, &format!("?ticket={first}"), None, None)
        .await
        .expect("stream opens");
    let opening = stream.next(Duration::from_secs(5)).await.expect("unread");
    assert_eq!(
        (opening.name.as_str(), opening.data.as_str()),
        ("unread", r#"{"count":0}"#)
    );
    // The ticket is spent; someone else's ticket is refused to a signed-in caller; garbage too.
    let reused = EventStream::open(api, &format!("?ticket={first}"), None, None).await;
    assert_eq!(
        reused
            .err()
            .map(|(status, body)| (status, body["error"]["code"].clone())),
        Some((StatusCode::UNAUTHORIZED, json!("invalid_ticket")))
    );
    let alices = ticket(api, &alice).await;
    let stolen = EventStream::open(
        api,
        &format!("?ticket={alices}"),
        Some(&bob.access_token),
        None,
    )
    .await;
    assert_eq!(
        stolen.err().map(|(status, _)| status),
        Some(StatusCode::FORBIDDEN)
    );
    for query in ["", "?ticket=nonsense", "?last_event_id=-1"] {
        let refused = EventStream::open(api, query, None, None).await;
        assert!(refused.is_err(), "{query}");
    }
    let bad_header = EventStream::open(api, "", Some(&alice.access_token), Some("soon")).await;
    assert_eq!(
        bad_header.err().map(|(status, _)| status),
        Some(StatusCode::BAD_REQUEST)
    );

    // Live: bob's reply arrives as a notification event, then the count. (How fast is the
    // cross-process test's and bench/streams.sh's concern; this one may share a busy machine.)
    comment(api, &bob, post_id, "live reply", None).await;
    let event = stream
        .next_notification(Duration::from_secs(15))
        .await
        .expect("a notification event");
    let body: Value = serde_json::from_str(&event.data).expect("json");
    assert_eq!(body["kind"], "reply");
    assert_eq!(event.id.as_deref(), Some(body["id"].to_string().as_str()));
    let count = stream.next(Duration::from_secs(5)).await.expect("count");
    assert_eq!(
        (count.name.as_str(), count.data.as_str()),
        ("unread", r#"{"count":1}"#)
    );
    let seen = event.id.clone().expect("id");
    drop(stream);

    // Missed while away: two more; a stream resuming after `seen` gets exactly those.
    comment(api, &bob, post_id, "while you were away", None).await;
    api.put(
        format!("/api/v1/users/{}/follow", alice.id),
        Some(&bob.access_token),
    )
    .await;
    inbox_of_size(api, &alice, 3).await;
    let mut resumed = EventStream::open(api, "", Some(&alice.access_token), Some(&seen))
        .await
        .expect("resumes");
    let mut replayed = Vec::new();
    while let Some(event) = resumed.next_notification(Duration::from_secs(2)).await {
        let body: Value = serde_json::from_str(&event.data).expect("json");
        assert_eq!(event.id, Some(body["id"].to_string()));
        replayed.push(body["kind"].as_str().unwrap_or("").to_string());
    }
    // In id order, which is the order the job stored them (jobs may run side by side).
    replayed.sort();
    assert_eq!(replayed, ["follow", "reply"]);

    // A person's ninth stream on one server ends their oldest (a reloaded tab's stream only
    // notices its client left at the next heartbeat, and must not keep the new one out).
    let mut newer = Vec::new();
    for _ in 0..8 {
        let stream = EventStream::open(api, "", Some(&alice.access_token), None)
            .await
            .expect("a stream beyond the limit still opens");
        newer.push(stream);
    }
    assert!(
        resumed.ends(Duration::from_secs(5)).await,
        "the oldest stream ends"
    );
    assert!(
        !newer[0].ends(Duration::from_millis(300)).await,
        "the others stay"
    );
}

#[tokio::test]
async fn a_reply_through_one_process_reaches_a_stream_on_another() {
    let Some(processes) = TwoProcesses::start().await else {
        return;
    };
    let (a, b) = (&processes.a, &processes.b);
    let alice = a.register("alice").await;
    let bob = a.register("bob").await;
    let post = a.create_post(&alice, "Across", &[]).await;
    let post_id = post["id"].as_i64().expect("id");
    let pass = ticket(a, &alice).await;
    let mut stream = EventStream::open(b, &format!("?ticket={pass}"), None, None)
        .await
        .expect("stream on B with a ticket from A");
    stream.next(Duration::from_secs(5)).await.expect("unread");
    let mut waits = Vec::new();
    for round in 0..5 {
        let started = Instant::now();
        comment(a, &bob, post_id, &format!("reply {round}"), None).await;
        stream
            .next_notification(Duration::from_secs(5))
            .await
            .expect("the reply reaches B");
        waits.push(started.elapsed());
    }
    waits.sort();
    // The issue asks for a second; the bound leaves room for a loaded CI machine, and the
    // median is what `bench/` measures.
    assert!(
        waits[2] < Duration::from_secs(1),
        "median {:?} ({waits:?})",
        waits[2]
    );
}
