//! Mail and the account flows built on it: confirmation, password reset, templates, the file
//! outbox and the abuse limits. SMTP goes to a private MailDev per test.

use std::path::Path;

use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::{
    MailServer, RedisServer, Remote, ServerProcess, TestApp, eventually, link_token, spawn_app_with,
};

/// An app that sends through a private MailDev and insists on confirmed addresses.
async fn app_with_mail(
    configure: impl FnOnce(&mut tidings::config::Settings),
) -> Option<(TestApp, MailServer)> {
    if !MailServer::available() {
        return None;
    }
    let mail = MailServer::start();
    let smtp_url = mail.smtp_url();
    let app = spawn_app_with(|settings| {
        settings.smtp_url = Some(smtp_url.into());
        settings.require_confirmed_email = true;
        settings.public_url = "http://tidings.test".into();
        configure(settings);
    })
    .await;
    Some((app, mail))
}

fn post_body() -> Value {
    json!({"title": "hello", "content": "first words"})
}

fn subject(message: &Value) -> &str {
    message["subject"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn registration_mails_a_link_that_confirms_and_unlocks_writing() {
    let Some((app, mail)) = app_with_mail(|_| {}).await else {
        return;
    };
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;

    // Unconfirmed: reading works, writing does not.
    assert_eq!(
        app.get("/api/v1/posts", Some(&alice.access_token))
            .await
            .status,
        StatusCode::OK
    );
    let refused = app
        .post("/api/v1/posts", Some(&alice.access_token), post_body())
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    assert_eq!(refused.code(), "email_unconfirmed");
    let follow = app
        .put(
            format!("/api/v1/users/{}/follow", bob.id),
            Some(&alice.access_token),
        )
        .await;
    assert_eq!(follow.code(), "email_unconfirmed", "{:?}", follow.body);

    let messages = mail.wait_for("alice@example.com", 1).await;
    let message = &messages[0];
    assert_eq!(subject(message), "Confirm your email address for Tidings");
    let text = message["text"].as_str().expect("a text part");
    let html = message["html"].as_str().expect("an HTML part");
    assert!(
        text.contains("http://tidings.test/confirm-email?token="),
        "{text}"
    );
    assert!(
        html.contains("http://tidings.test/confirm-email?token="),
        "{html}"
    );
    let token = link_token(text);
    assert_eq!(token, link_token(html));
    // Only the hash is stored.
    let stored = tidings::entity::account_tokens::Entity::find()
        .all(&app.db)
        .await
        .expect("tokens");
    assert!(
        stored
            .iter()
            .all(|row| row.token_hash != token && row.token_hash.len() == 64)
    );

    let confirmed = app
        .post("/api/v1/auth/confirm", None, json!({"token": token}))
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        confirmed.body
    );
    let me = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.body["confirmed"], true, "{:?}", me.body);
    let created = app
        .post("/api/v1/posts", Some(&alice.access_token), post_body())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);

    // Single use.
    let again = app
        .post("/api/v1/auth/confirm", None, json!({"token": token}))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.code(), "token_used");
    let unknown = app
        .post("/api/v1/auth/confirm", None, json!({"token": "nope"}))
        .await;
    assert_eq!(unknown.code(), "invalid_token");

    // Confirmed accounts are welcomed.
    let messages = mail.wait_for("alice@example.com", 2).await;
    assert!(
        messages
            .iter()
            .any(|message| subject(message) == "Welcome to Tidings")
    );
}

#[tokio::test]
async fn expired_confirmation_links_are_refused_and_a_new_one_can_be_asked_for() {
    let Some((app, mail)) = app_with_mail(|settings| settings.confirm_token_ttl_secs = 1).await
    else {
        return;
    };
    let alice = app.register("alice").await;
    let first = link_token(
        mail.wait_for("alice@example.com", 1).await[0]["text"]
            .as_str()
            .unwrap_or_default(),
    );
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let expired = app
        .post("/api/v1/auth/confirm", None, json!({"token": first}))
        .await;
    assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(expired.code(), "token_expired");

    // Signed out, by address: the same answer for a known and an unknown one.
    answers_alike_for_known_and_unknown(&app, "/api/v1/auth/confirm/resend").await;
    // Signed in.
    let signed_in = app
        .post(
            "/api/v1/auth/confirm/resend",
            Some(&alice.access_token),
            json!({}),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::ACCEPTED);
    let messages = mail.wait_for("alice@example.com", 3).await;
    assert!(
        messages
            .iter()
            .all(|message| subject(message).starts_with("Confirm"))
    );
}

#[tokio::test]
async fn a_password_reset_signs_out_every_session_and_mails_a_notice() {
    let Some((app, mail)) = app_with_mail(|_| {}).await else {
        return;
    };
    let alice = app.register("alice").await;
    let other_session = app.login("alice", &alice.password).await;
    assert_eq!(other_session.status, StatusCode::OK);
    let other_refresh = other_session.body["refresh_token"]
        .as_str()
        .unwrap_or_default();

    answers_alike_for_known_and_unknown(&app, "/api/v1/auth/password/forgot").await;

    // The confirmation mail, then the reset mail.
    let messages = mail.wait_for("alice@example.com", 2).await;
    let reset_mail = messages
        .iter()
        .find(|message| subject(message) == "Reset your Tidings password")
        .expect("a reset mail");
    let text = reset_mail["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("http://tidings.test/reset-password?token="),
        "{text}"
    );
    let token = link_token(text);

    let short = app
        .post(
            "/api/v1/auth/password/reset",
            None,
            json!({"token": token, "password": "short"}),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reset = app
        .post(
            "/api/v1/auth/password/reset",
            None,
            json!({"token": token, "password": "a brand new password"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{:?}", reset.body);
    let reused = app
        .post(
            "/api/v1/auth/password/reset",
            None,
            json!({"token": token, "password": "another new password"}),
        )
        .await;
    assert_eq!(reused.code(), "token_used");

    for refresh in [alice.refresh_token.as_str(), other_refresh] {
        let refreshed = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": refresh}),
            )
            .await;
        assert_eq!(
            refreshed.status,
            StatusCode::UNAUTHORIZED,
            "{:?}",
            refreshed.body
        );
    }
    let old = app.login("alice", &alice.password).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app.login("alice@example.com", "a brand new password").await;
    assert_eq!(new.status, StatusCode::OK);
    // The reset link proved the address.
    assert_eq!(new.body["user"]["confirmed"], true);

    let messages = mail.wait_for("alice@example.com", 3).await;
    assert!(
        messages
            .iter()
            .any(|message| subject(message) == "Your Tidings password was changed")
    );
    // Nothing went to the unknown address.
    assert!(
        mail.messages()
            .await
            .iter()
            .all(|message| !message.to_string().contains("nobody@example.com"))
    );
}

#[tokio::test]
async fn a_templates_folder_overrides_the_built_in_mail() {
    let dir = std::env::temp_dir()
        .join("tidings-tests")
        .join(format!("templates-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("templates dir");
    std::fs::write(dir.join("confirm.subject.txt"), "Custom: hi {{ name }}\n").expect("write");
    std::fs::write(
        dir.join("confirm.html"),
        "<h1 class=\"custom\">Custom confirm for {{ name }}</h1><a href=\"{{ link }}\">go</a>",
    )
    .expect("write");
    let templates = dir.clone();
    let Some((app, mail)) =
        app_with_mail(move |settings| settings.mail_templates_dir = Some(templates)).await
    else {
        return;
    };
    app.register("alice").await;
    let messages = mail.wait_for("alice@example.com", 1).await;
    let html = messages[0]["html"].as_str().unwrap_or_default();
    assert!(
        html.contains("<h1 class=\"custom\">Custom confirm for alice</h1>"),
        "{html}"
    );
    assert!(
        html.contains("http://tidings.test/confirm-email?token="),
        "{html}"
    );
    assert_eq!(subject(&messages[0]), "Custom: hi alice");
    // Files not in the folder keep their built-in text.
    let text = messages[0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("please confirm your email address"), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Undoes quoted-printable soft line breaks and `=3D`, enough to find a link in an `.eml`.
fn unfold_quoted_printable(source: &str) -> String {
    source
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

fn outbox_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "eml"))
                .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn without_smtp_mail_lands_in_the_outbox_folder() {
    let app = spawn_app_with(|settings| settings.require_confirmed_email = true).await;
    let alice = app.register("alice").await;
    let outbox = app.data_dir().join("outbox");
    let message = eventually(20, "an .eml in the outbox", || async {
        outbox_files(&outbox).into_iter().next()
    })
    .await;
    let message = unfold_quoted_printable(&message);
    assert!(message.contains("To: alice@example.com"), "{message}");
    assert!(message.contains("multipart/alternative"), "{message}");
    assert!(message.contains("text/html"), "{message}");
    assert!(
        message.contains("http://127.0.0.1:8080/confirm-email?token="),
        "{message}"
    );
    let token = link_token(&message);
    let confirmed = app
        .post("/api/v1/auth/confirm", None, json!({"token": token}))
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        confirmed.body
    );
    let created = app
        .post("/api/v1/posts", Some(&alice.access_token), post_body())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
}

#[tokio::test]
async fn too_many_attempts_get_429_with_retry_after() {
    let app = spawn_app_with(|settings| {
        settings.rate_limit_per_ip = 5;
        settings.rate_limit_per_account = 2;
        settings.rate_limit_window_secs = 60;
    })
    .await;
    app.register("alice").await;

    let attempt = |login: &'static str| {
        let client = app.api.client.clone();
        let url = format!("{}/api/v1/auth/login", app.api.address);
        async move {
            client
                .post(url)
                .json(&json!({"login": login, "password": "wrong password"}))
                .send()
                .await
                .expect("reaches the server")
        }
    };
    // Per account: the third try at alice is refused before the password is checked.
    for _ in 0..2 {
        assert_eq!(attempt("alice").await.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = attempt("alice").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok())
        .expect("a Retry-After header");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: Value = limited.json().await.expect("json");
    assert_eq!(body["error"]["code"], "rate_limited");

    // Per address: other accounts, same IP (three logins so far, five allowed).
    for _ in 0..2 {
        assert_eq!(attempt("bob").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        attempt("carol").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // Forgotten-password mails are limited per address too.
    for _ in 0..2 {
        let reply = app
            .post(
                "/api/v1/auth/password/forgot",
                None,
                json!({"email": "dave@example.com"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::ACCEPTED);
    }
    let reply = app
        .post(
            "/api/v1/auth/password/forgot",
            None,
            json!({"email": "dave@example.com"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.code(), "rate_limited");
}

#[tokio::test]
async fn with_redis_the_limits_are_shared_by_every_process() {
    if !RedisServer::available() {
        return;
    }
    let redis = RedisServer::start();
    let redis_url = redis.url();
    let app = spawn_app_with(|settings| {
        settings.redis_url = Some(redis_url.into());
        settings.rate_limit_per_account = 2;
        settings.rate_limit_window_secs = 60;
    })
    .await;
    let other = ServerProcess::spawn_with(
        &app.database.url,
        &[
            ("TIDINGS_REDIS_URL".to_string(), redis.url()),
            (
                "TIDINGS_RATE_LIMIT_PER_ACCOUNT".to_string(),
                "2".to_string(),
            ),
            (
                "TIDINGS_RATE_LIMIT_WINDOW_SECS".to_string(),
                "60".to_string(),
            ),
        ],
    );
    let other = Remote::new(other.address.clone());
    let body = json!({"email": "erin@example.com"});
    // One attempt on each process, then a third on either is over the shared limit.
    let first = app
        .post("/api/v1/auth/password/forgot", None, body.clone())
        .await;
    let second = other
        .post("/api/v1/auth/password/forgot", None, body.clone())
        .await;
    assert_eq!(
        (first.status, second.status),
        (StatusCode::ACCEPTED, StatusCode::ACCEPTED)
    );
    let third = app.post("/api/v1/auth/password/forgot", None, body).await;
    assert_eq!(
        third.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{:?}",
        third.body
    );
    assert_eq!(third.code(), "rate_limited");
}

/// Asks `path` for alice@example.com (an account) and nobody@example.com (none): both get the
/// same 202 and body, so the endpoint tells no one which addresses have accounts.
async fn answers_alike_for_known_and_unknown(app: &Remote, path: &str) {
    let known = app
        .post(path, None, json!({"email": "alice@example.com"}))
        .await;
    let unknown = app
        .post(path, None, json!({"email": "nobody@example.com"}))
        .await;
    assert_eq!(known.status, StatusCode::ACCEPTED, "{path}");
    assert_eq!(
        (unknown.status, &unknown.body),
        (known.status, &known.body),
        "{path}"
    );
}

/// Sign-up does not reveal which addresses have accounts: a registered address gets the same
/// 202 as a new one, no second account, and its owner a "you already have an account" mail.
#[tokio::test]
async fn sign_up_with_a_registered_address_answers_like_a_new_one_and_mails_the_owner() {
    let Some((app, mail)) = app_with_mail(|_| {}).await else {
        return;
    };
    let fresh = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "newcomer", "email": "newcomer@example.com", "password": "password-123"}),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::ACCEPTED, "{:?}", fresh.body);
    assert!(fresh.body.get("access_token").is_none());
    let again = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "someone-else", "email": "NewComer@example.com", "password": "password-456"}),
        )
        .await;
    assert_eq!(again.status, fresh.status);
    assert_eq!(
        again.body, fresh.body,
        "the same answer for a registered address"
    );
    assert_eq!(app.count_rows("users").await, 1);
    let messages = mail.wait_for("newcomer@example.com", 2).await;
    let subjects: Vec<&str> = messages.iter().map(subject).collect();
    assert!(
        subjects.contains(&"Someone tried to sign up for Tidings with your address"),
        "{subjects:?}"
    );
    // A taken name is public anyway: it is still said.
    let name = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "Newcomer", "email": "other@example.com", "password": "password-789"}),
        )
        .await;
    assert_eq!(name.code(), "name_taken");
}

/// An address change takes effect only when the link mailed to the new address is opened; the
/// old address is told afterwards, and the account signs in with the new one.
#[tokio::test]
async fn changing_the_address_goes_through_the_new_inbox() {
    let Some((app, mail)) =
        app_with_mail(|settings| settings.require_confirmed_email = false).await
    else {
        return;
    };
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let path = "/api/v1/me/email";
    let token = Some(alice.access_token.as_str());

    let wrong = app
        .post(
            path,
            token,
            json!({"email": "a@new.test", "password": "nope-nope"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.code(), "wrong_password");
    let taken = app
        .post(
            path,
            token,
            json!({"email": "BOB@example.com", "password": alice.password}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert_eq!(taken.code(), "email_taken");
    let same = app
        .post(
            path,
            token,
            json!({"email": " alice@example.com ", "password": alice.password}),
        )
        .await;
    assert_eq!(same.code(), "same_email");
    let anonymous = app
        .post(path, None, json!({"email": "a@new.test", "password": "x"}))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let asked = app
        .post(
            path,
            token,
            json!({"email": " Alice@New.test ", "password": alice.password}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{:?}", asked.body);
    assert_eq!(
        asked.body,
        json!({"status": "confirmation_sent", "email": "alice@new.test"})
    );
    // Nothing changes before the link is opened.
    let me = app.get("/api/v1/me", token).await;
    assert_eq!(me.body["email"], "alice@example.com");
    assert_eq!(me.body["pending_email"], "alice@new.test");

    let messages = mail.wait_for("alice@new.test", 1).await;
    let text = messages[0]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("http://tidings.test/confirm-email-change?token="),
        "{text}"
    );
    let link = link_token(text);
    let confirmed = app
        .post("/api/v1/auth/email/confirm", None, json!({"token": link}))
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        confirmed.body
    );
    let again = app
        .post("/api/v1/auth/email/confirm", None, json!({"token": link}))
        .await;
    assert_eq!(again.code(), "token_used");

    let me = app.get("/api/v1/me", token).await;
    assert_eq!(me.body["email"], "alice@new.test");
    assert_eq!(me.body["pending_email"], serde_json::Value::Null);
    assert_eq!(me.body["confirmed"], true);
    let notice = mail.wait_for("alice@example.com", 2).await;
    assert!(
        notice
            .iter()
            .any(|message| subject(message).contains("was changed")),
        "{notice:?}"
    );
    assert_eq!(
        app.login("alice@new.test", &alice.password).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login("alice@example.com", &alice.password).await.status,
        StatusCode::UNAUTHORIZED
    );
    let _ = bob;
}
