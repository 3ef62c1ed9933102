//! Sign-in with GitHub and OpenID Connect against a real OAuth2/OIDC provider on loopback:
//! first sign-in creates a confirmed account, later ones find it, linking, and the refusals
//! (forged or replayed `state`, another browser, a wrong nonce or audience, taken or missing
//! email).

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{OAuthProvider, TestApp, free_port, spawn_app_with};

/// A server whose public address is known before it starts (the provider redirects there).
async fn app_with_provider(provider: &OAuthProvider) -> TestApp {
    let port = free_port();
    spawn_app_with(|settings| {
        settings.bind = format!("127.0.0.1:{port}");
        settings.public_url = format!("http://127.0.0.1:{port}");
        settings.require_confirmed_email = true;
        provider.configure(settings);
    })
    .await
}

/// A browser that does not follow redirects, so each hop can be checked.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The provider's redirect back to us, and the state cookie our start set.
struct AtCallback {
    callback_url: String,
    cookie: String,
}

async fn start_sign_in(app: &TestApp, provider: &str, token: Option<&str>) -> AtCallback {
    let client = browser();
    let mut request = client
        .post(format!(
            "{}/api/v1/auth/oauth/{provider}/start",
            app.api.address
        ))
        .json(&json!({"return_to": "/posts/7"}));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("start");
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .expect("a state cookie")
        .to_string();
    assert!(cookie.starts_with("tidings_oauth_state="), "{cookie}");
    let body: Value = response.json().await.expect("json");
    let authorize = body["authorization_url"].as_str().expect("url").to_string();
    let authorize_url = reqwest::Url::parse(&authorize).expect("url");
    let query: HashMap<_, _> = authorize_url.query_pairs().into_owned().collect();
    assert_eq!(query["code_challenge_method"], "S256", "PKCE is used");
    assert!(query.contains_key("state"));
    if provider == "oidc" {
        assert!(query.contains_key("nonce"));
        assert!(query["scope"].split(' ').any(|scope| scope == "openid"));
    }
    // The provider signs the person in at once and sends the browser back.
    let at_provider = client.get(&authorize).send().await.expect("authorize");
    assert_eq!(at_provider.status(), StatusCode::FOUND);
    let callback_url = at_provider.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(callback_url.contains(&format!("/api/v1/auth/oauth/{provider}/callback?")));
    AtCallback {
        callback_url,
        cookie,
    }
}

/// Follows the callback (with `cookie`, or none) and returns the web app fragment's fields.
async fn finish(at: &str, cookie: Option<&str>) -> HashMap<String, String> {
    let mut request = browser().get(at);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("callback");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().expect("location");
    let (page, fragment) = location.split_once('#').expect("a fragment");
    assert!(page.ends_with("/oauth/complete"), "{location}");
    url::form_urlencoded::parse(fragment.as_bytes())
        .into_owned()
        .collect()
}

async fn sign_in(app: &TestApp, provider: &str, token: Option<&str>) -> HashMap<String, String> {
    let at = start_sign_in(app, provider, token).await;
    finish(&at.callback_url, Some(&at.cookie)).await
}

/// Trades the fragment's code for our tokens.
async fn exchange(app: &TestApp, outcome: &HashMap<String, String>) -> Value {
    let code = outcome
        .get("code")
        .unwrap_or_else(|| panic!("signed in: {outcome:?}"));
    let reply = app
        .api
        .post("/api/v1/auth/oauth/exchange", None, json!({"code": code}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn oidc_first_sign_in_creates_a_confirmed_account_and_the_next_finds_it() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    provider
        .set_identity(
            json!({"sub": "oidc|ada", "login": "ada", "name": "Ada Lovelace",
            "email": "Ada@Example.com", "email_verified": true}),
        )
        .await;
    let app = app_with_provider(&provider).await;

    let outcome = sign_in(&app, "oidc", None).await;
    assert_eq!(outcome["next"], "/posts/7");
    let session = exchange(&app, &outcome).await;
    let user = &session["user"];
    assert_eq!(user["name"], "ada");
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["nickname"], "Ada Lovelace");
    assert_eq!(user["confirmed"], true, "the provider verified the address");
    let token = session["access_token"].as_str().expect("token");
    // Confirmed, so it may post at once although confirmation is required here.
    let post = app
        .api
        .post(
            "/api/v1/posts",
            Some(token),
            json!({"title": "Hello from OIDC", "content": "signed in without a password", "tags": []}),
        )
        .await;
    assert_eq!(post.status, StatusCode::CREATED, "{:?}", post.body);

    // The code works once.
    let again = app
        .api
        .post(
            "/api/v1/auth/oauth/exchange",
            None,
            json!({"code": outcome["code"]}),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.code(), "invalid_oauth_code");

    // Second sign-in: the same account, found by (provider, sub).
    let second = exchange(&app, &sign_in(&app, "oidc", None).await).await;
    assert_eq!(second["user"]["id"], user["id"]);
    assert_eq!(app.count_rows("users").await, 1);
    assert_eq!(app.count_rows("user_identities").await, 1);
    let user_id = user["id"].as_i64().expect("id");
    assert_eq!(
        app.count_rows(&format!(
            "users WHERE id = {user_id} AND password_hash IS NULL AND login_count = 2 \
             AND confirmed_at IS NOT NULL AND active"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count_rows("oauth_states").await,
        0,
        "states are used up"
    );
}

#[tokio::test]
async fn github_sign_in_takes_the_primary_email_and_resolves_a_taken_name() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    // No public address on the profile: the primary verified one comes from /user/emails.
    provider
        .set_identity(
            json!({"sub": "583231", "login": "octocat", "name": "The Octocat",
            "email": "octocat@github.example", "email_verified": true, "public_email": false}),
        )
        .await;
    let app = app_with_provider(&provider).await;
    app.api.register("octocat").await;

    let session = exchange(&app, &sign_in(&app, "github", None).await).await;
    let name = session["user"]["name"].as_str().expect("name");
    assert_ne!(name, "octocat", "the name was taken");
    assert!(name.starts_with("octocat-"), "{name}");
    assert_eq!(session["user"]["email"], "octocat@github.example");
    assert_eq!(session["user"]["confirmed"], true);
    assert_eq!(
        app.count_rows(
            "user_identities WHERE provider = 'github' AND subject = '583231' AND login = 'octocat'"
        )
        .await,
        1
    );
    let again = exchange(&app, &sign_in(&app, "github", None).await).await;
    assert_eq!(again["user"]["id"], session["user"]["id"]);
}

#[tokio::test]
async fn a_signed_in_user_links_an_identity_and_then_signs_in_with_it() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    provider
        .set_identity(
            json!({"sub": "77", "login": "bobby", "email": "bob@elsewhere.example",
            "email_verified": true}),
        )
        .await;
    let app = app_with_provider(&provider).await;
    let bob = app.api.register("bob").await;

    let linked = sign_in(&app, "github", Some(&bob.access_token)).await;
    assert_eq!(
        linked.get("linked").map(String::as_str),
        Some("github"),
        "{linked:?}"
    );
    let identities = app
        .api
        .get("/api/v1/me/identities", Some(&bob.access_token))
        .await;
    assert_eq!(identities.body["identities"][0]["provider"], "github");
    assert_eq!(identities.body["identities"][0]["login"], "bobby");
    assert_eq!(identities.body["has_password"], true);

    // Signing in with GitHub now opens Bob's account; no new one is made.
    let session = exchange(&app, &sign_in(&app, "github", None).await).await;
    assert_eq!(session["user"]["id"], bob.id);
    assert_eq!(app.count_rows("users").await, 1);

    // Someone else cannot link the same GitHub account.
    let eve = app.api.register("eve").await;
    let refused = sign_in(&app, "github", Some(&eve.access_token)).await;
    assert_eq!(refused["error"], "oauth_identity_taken", "{refused:?}");
    assert_eq!(
        refused["next"], "/posts/7",
        "back where the linking started"
    );

    // Bob has a password, so he may unlink; then GitHub sign-in makes a new account.
    let unlinked = app
        .api
        .delete("/api/v1/me/identities/github", Some(&bob.access_token))
        .await;
    assert_eq!(unlinked.status, StatusCode::NO_CONTENT);
    let fresh = exchange(&app, &sign_in(&app, "github", None).await).await;
    assert_ne!(fresh["user"]["id"], bob.id);
    // …whose only way in is GitHub: unlinking it is refused.
    let last = app
        .api
        .delete(
            "/api/v1/me/identities/github",
            fresh["access_token"].as_str(),
        )
        .await;
    assert_eq!(last.status, StatusCode::CONFLICT);
    assert_eq!(last.code(), "last_sign_in_method");
}

#[tokio::test]
async fn forged_replayed_or_foreign_states_are_refused() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    let app = app_with_provider(&provider).await;

    // A forged state (an attacker's own callback URL pasted into a victim's browser).
    let at = start_sign_in(&app, "oidc", None).await;
    let mut forged = reqwest::Url::parse(&at.callback_url).expect("url");
    let pairs: Vec<(String, String)> = forged
        .query_pairs()
        .into_owned()
        .map(|(key, value)| {
            if key == "state" {
                (key, "forged-state-value".to_string())
            } else {
                (key, value)
            }
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    let outcome = finish(forged.as_str(), Some(&at.cookie)).await;
    assert_eq!(outcome["error"], "oauth_state_invalid", "{outcome:?}");
    assert_eq!(
        outcome["next"], "/",
        "an unknown request returns nowhere in particular"
    );

    // The right state, but from a browser that did not start the sign-in (no cookie).
    let at = start_sign_in(&app, "oidc", None).await;
    let outcome = finish(&at.callback_url, None).await;
    assert_eq!(outcome["error"], "oauth_state_invalid");
    // …and that state is now used up, even for the right browser.
    let outcome = finish(&at.callback_url, Some(&at.cookie)).await;
    assert_eq!(outcome["error"], "oauth_state_invalid");

    // A finished sign-in's callback URL replayed.
    let at = start_sign_in(&app, "oidc", None).await;
    let first = finish(&at.callback_url, Some(&at.cookie)).await;
    assert!(first.contains_key("code"), "{first:?}");
    let replay = finish(&at.callback_url, Some(&at.cookie)).await;
    assert_eq!(replay["error"], "oauth_state_invalid");
    assert_eq!(
        app.count_rows("users").await,
        1,
        "only the genuine sign-in made an account"
    );
}

#[tokio::test]
async fn id_tokens_for_another_sign_in_or_client_are_refused() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    let app = app_with_provider(&provider).await;

    provider
        .set_identity(json!({"forge_nonce": "someone-elses-nonce"}))
        .await;
    let outcome = sign_in(&app, "oidc", None).await;
    assert_eq!(outcome["error"], "oauth_failed", "{outcome:?}");
    assert!(outcome["message"].contains("nonce"), "{outcome:?}");

    provider
        .set_identity(json!({"forge_nonce": null, "forge_audience": "another-client"}))
        .await;
    let outcome = sign_in(&app, "oidc", None).await;
    assert_eq!(outcome["error"], "oauth_failed", "{outcome:?}");

    assert_eq!(app.count_rows("users").await, 0);
}

#[tokio::test]
async fn an_address_of_another_account_or_none_verified_creates_nothing() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    let app = app_with_provider(&provider).await;
    app.api.register("carol").await;

    // Never attached by email alone: that would hand Carol's account to the provider account.
    provider
        .set_identity(
            json!({"sub": "c1", "login": "carol2", "email": "carol@example.com",
            "email_verified": true}),
        )
        .await;
    let outcome = sign_in(&app, "oidc", None).await;
    assert_eq!(outcome["error"], "oauth_email_taken", "{outcome:?}");

    provider
        .set_identity(json!({"sub": "c2", "email": "new@example.com", "email_verified": false}))
        .await;
    let outcome = sign_in(&app, "oidc", None).await;
    assert_eq!(outcome["error"], "oauth_email_missing", "{outcome:?}");
    assert_eq!(app.count_rows("users").await, 1);
    assert_eq!(app.count_rows("user_identities").await, 0);
}

#[tokio::test]
async fn without_providers_the_endpoints_say_so() {
    let app = crate::helpers::spawn_app().await;
    let providers = app.api.get("/api/v1/auth/oauth/providers", None).await;
    assert_eq!(providers.status, StatusCode::OK);
    assert_eq!(providers.body["providers"], json!([]));
    let start = app
        .api
        .post("/api/v1/auth/oauth/github/start", None, json!({}))
        .await;
    assert_eq!(start.status, StatusCode::NOT_FOUND);
    assert_eq!(start.code(), "oauth_provider_not_configured");
    let exchange = app
        .api
        .post(
            "/api/v1/auth/oauth/exchange",
            None,
            json!({"code": "made-up"}),
        )
        .await;
    assert_eq!(exchange.status, StatusCode::UNAUTHORIZED);
    assert_eq!(exchange.code(), "invalid_oauth_code");
}

#[tokio::test]
async fn two_first_sign_ins_of_one_identity_at_once_make_one_account() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    provider
        .set_identity(
            json!({"sub": "race-1", "login": "racer", "email": "racer@example.com",
            "email_verified": true}),
        )
        .await;
    let app = app_with_provider(&provider).await;
    // Both reach the callback before either finishes (the original's get_or_create race).
    let mut started = Vec::new();
    for _ in 0..6 {
        started.push(start_sign_in(&app, "oidc", None).await);
    }
    let outcomes = futures_util::future::join_all(
        started
            .iter()
            .map(|at| finish(&at.callback_url, Some(&at.cookie))),
    )
    .await;
    let mut ids = Vec::new();
    for outcome in &outcomes {
        ids.push(exchange(&app, outcome).await["user"]["id"].clone());
    }
    assert!(ids.windows(2).all(|pair| pair[0] == pair[1]), "{ids:?}");
    assert_eq!(app.count_rows("users").await, 1);
    assert_eq!(app.count_rows("user_identities").await, 1);
}

#[tokio::test]
async fn a_declined_sign_in_says_so() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    let app = app_with_provider(&provider).await;
    let at = start_sign_in(&app, "github", None).await;
    // What the provider sends when the person clicks "Cancel".
    let mut declined = reqwest::Url::parse(&at.callback_url).expect("url");
    let state = declined
        .query_pairs()
        .find(|(key, _)| key == "state")
        .map(|(_, value)| value.into_owned())
        .expect("state");
    declined
        .query_pairs_mut()
        .clear()
        .append_pair("error", "access_denied")
        .append_pair(
            "error_description",
            "The user has denied your application access.",
        )
        .append_pair("state", &state);
    let outcome = finish(declined.as_str(), Some(&at.cookie)).await;
    assert_eq!(outcome["error"], "oauth_denied", "{outcome:?}");
    assert!(outcome["message"].contains("denied"), "{outcome:?}");
    assert_eq!(app.count_rows("users").await, 0);
}

#[tokio::test]
async fn the_providers_picture_becomes_the_new_accounts_avatar() {
    if !OAuthProvider::available() {
        return;
    }
    let provider = OAuthProvider::start();
    provider
        .set_identity(
            json!({"sub": "p1", "login": "pic", "email": "pic@example.com",
            "email_verified": true, "picture": format!("{}/avatar.png", provider.url())}),
        )
        .await;
    let port = free_port();
    let app = spawn_app_with(|settings| {
        settings.bind = format!("127.0.0.1:{port}");
        settings.public_url = format!("http://127.0.0.1:{port}");
        // The provider runs on loopback, which the fetcher refuses unless allowed.
        settings.feed_fetch_allow = "127.0.0.1".into();
        provider.configure(settings);
    })
    .await;
    let session = exchange(&app, &sign_in(&app, "oidc", None).await).await;
    let token = session["access_token"].as_str().expect("token").to_string();
    let me = crate::helpers::eventually(30, "the fetched avatar", || async {
        let me = app.api.get("/api/v1/me", Some(&token)).await;
        (me.body["avatar"].as_str() != Some("")).then_some(me.body)
    })
    .await;
    let small = me["avatar_small"].as_str().expect("small");
    assert!(small.starts_with("/media/avatars/"), "{small}");
    let image = reqwest::get(format!("{}{small}", app.api.address))
        .await
        .expect("media");
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()["content-type"], "image/jpeg");
}
