use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn malformed_oversized_and_misrouted_requests_get_clear_errors() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let url = format!("{}/api/v1/posts", app.address);

    let malformed = app
        .client
        .post(&url)
        .bearer_auth(&alice.access_token)
        .header("content-type", "application/json")
        .body("{\"title\": \"unterminated")
        .send()
        .await
        .expect("send");
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = malformed.json().await.expect("json error body");
    assert_eq!(body["error"]["code"], "invalid_json");

    let wrong_shape = app
        .post(
            "/api/v1/posts",
            Some(&alice.access_token),
            json!({"title": 5, "content": ["no"]}),
        )
        .await;
    assert_eq!(wrong_shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_shape.code(), "invalid_body");

    let huge = "x".repeat(1024 * 1024 + 10);
    let too_large = app
        .post(
            "/api/v1/posts",
            Some(&alice.access_token),
            json!({"title": "big", "content": huge}),
        )
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_large.code(), "payload_too_large");

    let not_json = app
        .client
        .post(&url)
        .bearer_auth(&alice.access_token)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("send");
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let no_route = app.get("/api/v1/nothing-here", None).await;
    assert_eq!(no_route.status, StatusCode::NOT_FOUND);
    assert_eq!(no_route.code(), "not_found");
    let wrong_method = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/posts",
            Some(&alice.access_token),
            None,
        )
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.code(), "method_not_allowed");
    let bad_id = app.get("/api/v1/posts/not-a-number", None).await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
    assert_eq!(bad_id.code(), "not_found");
    let huge_id = app.get("/api/v1/posts/99999999999999999999999", None).await;
    assert_eq!(huge_id.status, StatusCode::NOT_FOUND);

    let unknown_field = app
        .post(
            "/api/v1/posts",
            Some(&alice.access_token),
            json!({"title": "t", "content": "c", "author_id": 1}),
        )
        .await;
    assert_eq!(
        unknown_field.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "clients cannot set the author"
    );
    assert_eq!(
        app.count_rows("posts").await,
        0,
        "nothing was written by any of these"
    );

    // Every error has the one shape and a request id.
    for reply in [&wrong_shape, &too_large, &no_route] {
        assert!(
            reply.body["error"]["message"]
                .as_str()
                .is_some_and(|message| !message.is_empty())
        );
        assert!(reply.request_id.is_some());
    }
}

#[tokio::test]
async fn the_api_docs_are_served() {
    let app = spawn_app().await;
    let spec = app.get("/api/openapi.json", None).await;
    assert_eq!(spec.status, StatusCode::OK);
    assert!(spec.body["paths"]["/api/v1/posts"].is_object());
    let docs = app
        .client
        .get(format!("{}/api/docs/", app.address))
        .send()
        .await
        .expect("docs");
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap_or_default().contains("swagger"));
}

#[tokio::test]
async fn an_unreachable_backend_fails_start_up_naming_its_setting() {
    use tidings::startup::Application;
    let closed = crate::helpers::free_port();
    let mut settings = crate::helpers::test_settings(&format!(
        "postgres://tidings:secret-password@127.0.0.1:{closed}/none"
    ));
    settings.database_connect_timeout_secs = 2;
    let error = Application::build(settings)
        .await
        .err()
        .map(|error| format!("{error:#}"))
        .unwrap_or_default();
    assert!(error.contains("TIDINGS_DATABASE_URL"), "{error}");
    assert!(
        !error.contains("secret-password"),
        "the password is redacted: {error}"
    );

    let database = crate::helpers::TestDatabase::create().await;
    let mut settings = crate::helpers::test_settings(&database.url);
    settings.redis_url = Some(format!("redis://127.0.0.1:{closed}/").into());
    let error = Application::build(settings)
        .await
        .err()
        .map(|error| format!("{error:#}"))
        .unwrap_or_default();
    assert!(error.contains("TIDINGS_REDIS_URL"), "{error}");
}
