use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn register_login_me_and_profile_edit() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;

    let me = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["name"], "alice");
    assert_eq!(me.body["email"], "alice@example.com");
    assert_eq!(me.body["stats"]["post_count"], 0);

    // Login by name and by email (any case); login tracking moves.
    for login in ["alice", "ALICE@example.com"] {
        let reply = app.login(login, &alice.password).await;
        assert_eq!(reply.status, StatusCode::OK, "{login}: {:?}", reply.body);
        assert!(
            reply.body["access_token"]
                .as_str()
                .is_some_and(|token| !token.is_empty())
        );
    }
    let count = app
        .count_rows(&format!(
            "users WHERE id = {} AND login_count = 2 AND current_login_ip = '127.0.0.1'",
            alice.id
        ))
        .await;
    assert_eq!(count, 1, "two logins tracked with the client address");

    let wrong = app.login("alice", "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    let nobody = app.login("nobody", "whatever-1").await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    assert_eq!(nobody.code(), "invalid_credentials");

    let edited = app
        .patch(
            "/api/v1/me",
            Some(&alice.access_token),
            json!({"nickname": "Al", "bio": "Writes things", "website": "https://alice.example"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["nickname"], "Al");
    let bad_site = app
        .patch(
            "/api/v1/me",
            Some(&alice.access_token),
            json!({"website": "javascript:alert(1)"}),
        )
        .await;
    assert_eq!(bad_site.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_site.body["error"]["fields"]["website"].is_array());

    let by_name = app.get("/api/v1/users/alice", None).await;
    assert_eq!(by_name.status, StatusCode::OK);
    assert_eq!(by_name.body["id"], alice.id);
    assert_eq!(by_name.body["bio"], "Writes things");
    assert!(
        by_name.body.get("email").is_none(),
        "a public profile hides the email"
    );
    let by_id = app.get(&format!("/api/v1/users/{}", alice.id), None).await;
    assert_eq!(by_id.body["name"], "alice");
    assert_eq!(
        app.get("/api/v1/users/nobody", None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn registration_rules_and_conflicts() {
    let app = spawn_app().await;
    app.register("alice").await;

    let same_name = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "alice", "email": "other@example.com", "password": "password-123"}),
        )
        .await;
    assert_eq!(same_name.status, StatusCode::CONFLICT);
    assert_eq!(same_name.code(), "name_taken");
    assert!(same_name.body["error"]["fields"]["name"].is_array());

    let same_email = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "alice2", "email": "Alice@Example.com", "password": "password-123"}),
        )
        .await;
    assert_eq!(same_email.status, StatusCode::CONFLICT);
    assert_eq!(same_email.code(), "email_taken");

    let invalid = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "a@", "email": "not-an-email", "password": "short"}),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.code(), "validation_failed");
    let fields = &invalid.body["error"]["fields"];
    for field in ["name", "email", "password"] {
        assert!(
            fields[field].is_array(),
            "{field} should be reported: {fields}"
        );
    }
    let digits = app
        .post(
            "/api/v1/auth/register",
            None,
            json!({"name": "12345", "email": "d@example.com", "password": "password-123"}),
        )
        .await;
    assert_eq!(
        digits.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an all-digit name would shadow user ids"
    );
    assert_eq!(app.count_rows("users").await, 1, "nothing half-written");
    assert_eq!(app.count_rows("user_stats").await, 1);
}

#[tokio::test]
async fn missing_tampered_and_expired_tokens_are_401() {
    let app = crate::helpers::spawn_app_with(|settings| settings.access_token_ttl_secs = 1).await;
    let alice = app.register("alice").await;

    let missing = app.get("/api/v1/me", None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.code(), "missing_token");

    let mut tampered = alice.access_token.clone();
    tampered.pop();
    tampered.push(if alice.access_token.ends_with('A') {
        'B'
    } else {
        'A'
    });
    let reply = app.get("/api/v1/me", Some(&tampered)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.code(), "invalid_token");

    let garbage = app.get("/api/v1/me", Some("not.a.jwt")).await;
    assert_eq!(garbage.status, StatusCode::UNAUTHORIZED);

    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let expired = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.code(), "token_expired");

    // The refresh token still gets a fresh pair.
    let refreshed = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": alice.refresh_token}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK);
    let token = refreshed.body["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        app.get("/api/v1/me", Some(&token)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;

    let first = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": alice.refresh_token}),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let second_token = first.body["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_ne!(second_token, alice.refresh_token);

    // The old token was used once: presenting it again is reuse.
    let reuse = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": alice.refresh_token}),
        )
        .await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reuse.code(), "refresh_token_reused");

    // ...which revoked the whole family, including the token issued by the rotation.
    let after = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": second_token}),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.code(), "refresh_token_reused");

    let unknown = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": "made-up"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.code(), "invalid_refresh_token");
    assert_eq!(
        app.count_rows(&format!(
            "refresh_tokens WHERE user_id = {} AND revoked_at IS NULL",
            alice.id
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn logout_and_password_change_end_sessions() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let other_session = app.login("alice", &alice.password).await;
    let other_refresh = other_session.body["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let third_session = app.login("alice", &alice.password).await;
    let third_refresh = third_session.body["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let logout = app
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": third_refresh}),
        )
        .await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    let dead = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": third_refresh}),
        )
        .await;
    assert_eq!(dead.status, StatusCode::UNAUTHORIZED);

    let wrong = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/me/password",
            Some(&alice.access_token),
            Some(json!({"current_password": "nope-nope", "new_password": "new-password-1"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.code(), "wrong_password");

    let changed = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/me/password",
            Some(&alice.access_token),
            Some(json!({"current_password": alice.password, "new_password": "new-password-1"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:?}", changed.body);

    // The other session is signed out; the one that changed the password keeps working.
    let other = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": other_refresh}),
        )
        .await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
    let own = app
        .post(
            "/api/v1/auth/refresh",
            None,
            json!({"refresh_token": alice.refresh_token}),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK, "{:?}", own.body);

    let old = app.login("alice", &alice.password).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app.login("alice", "new-password-1").await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn health_reports_the_database() {
    let app = spawn_app().await;
    let reply = app.get("/api/v1/health", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ok");
    assert_eq!(reply.body["backends"]["database"]["status"], "ok");
    assert!(
        reply.request_id.is_some_and(|id| id.len() == 36),
        "every response has an x-request-id"
    );
}
