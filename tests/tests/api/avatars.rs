//! Avatars: uploads sniffed by content (PNG, JPEG, WebP), the 256/64 px files served from
//! `/media/` with immutable caching, size and format refusals, decompression bombs, replacing
//! and removing (old files go), what other users see (profiles, cards, lists, search), and the
//! `FetchAvatar` job against a local image server (allow-list, no overwrite of an upload).

use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::sync::Notify;

use crate::helpers::{
    Reply, TestApp, TestUser, eventually, metric, serve_loopback, spawn_app, spawn_app_with,
};

// ---------------------------------------------------------------------------------------------
// Test images

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, format)
        .expect("encode a test image");
    bytes.into_inner()
}

/// Red rises from 0 at the left edge to 255 at the right; green marks the rows.
fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / (width - 1)) as u8,
            (y * 255 / (height - 1)) as u8,
            96,
        ])
    })
}

fn gradient_png() -> Vec<u8> {
    encode(gradient(600, 400).into(), ImageFormat::Png)
}

/// Pixels that do not compress: a 600×400 PNG of noise is about 700 KB.
fn noise_png() -> Vec<u8> {
    let mut state: u32 = 0x1234_5678;
    let image = RgbImage::from_fn(600, 400, |_, _| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [a, b, c, _] = state.to_be_bytes();
        Rgb([a, b, c])
    });
    encode(image.into(), ImageFormat::Png)
}

fn plain_jpeg(color: [u8; 3]) -> Vec<u8> {
    encode(
        RgbImage::from_pixel(320, 480, Rgb(color)).into(),
        ImageFormat::Jpeg,
    )
}

/// A lossless WebP with a transparent corner.
fn webp_with_transparency() -> Vec<u8> {
    let image = RgbaImage::from_fn(200, 200, |x, y| {
        if x < 100 && y < 100 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([20, 140, 220, 255])
        }
    });
    encode(image.into(), ImageFormat::WebP)
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let mut checked = kind.to_vec();
    checked.extend_from_slice(data);
    chunk.extend_from_slice(&crc32(&checked).to_be_bytes());
    chunk
}

/// A decompression bomb as a decoder sees it: a well-formed PNG header claiming 8000×8000
/// RGBA at 16 bits (488 MiB of pixels) in a file of a few dozen bytes.
fn png_bomb() -> Vec<u8> {
    let mut header = Vec::new();
    header.extend_from_slice(&8000u32.to_be_bytes());
    header.extend_from_slice(&8000u32.to_be_bytes());
    header.extend_from_slice(&[16, 6, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(png_chunk(b"IHDR", &header));
    // A zlib stream of nothing: the pixels never come, the header alone must be refused.
    bytes.extend(png_chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    bytes.extend(png_chunk(b"IEND", &[]));
    bytes
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

async fn upload_as(
    app: &TestApp,
    token: Option<&str>,
    bytes: Vec<u8>,
    file_name: &str,
    content_type: &str,
) -> Reply {
    let part = Part::bytes(bytes)
        .file_name(file_name.to_string())
        .mime_str(content_type)
        .expect("a content type");
    send_form(app, token, Form::new().part("avatar", part)).await
}

async fn upload(app: &TestApp, user: &TestUser, bytes: Vec<u8>) -> Reply {
    upload_as(
        app,
        Some(&user.access_token),
        bytes,
        "avatar.png",
        "image/png",
    )
    .await
}

async fn send_form(app: &TestApp, token: Option<&str>, form: Form) -> Reply {
    let mut request = app
        .client
        .put(format!("{}/api/v1/me/avatar", app.address))
        .multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    reply_of(request.send().await.expect("the upload reaches the server")).await
}

async fn reply_of(response: reqwest::Response) -> Reply {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    Reply {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        request_id: None,
    }
}

/// A served file: status, content type, cache header and bytes.
struct Served {
    status: StatusCode,
    content_type: String,
    cache_control: String,
    bytes: Vec<u8>,
}

async fn fetch_media(app: &TestApp, path: &str) -> Served {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("media request");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    Served {
        status: response.status(),
        content_type: header("content-type"),
        cache_control: header("cache-control"),
        bytes: response
            .bytes()
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default(),
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// The files in a user's avatar folder, sorted.
fn files_of(app: &TestApp, user_id: i64) -> Vec<String> {
    let folder: PathBuf = app
        .data_dir()
        .join("media/avatars")
        .join(user_id.to_string());
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn file_name(url: &str) -> String {
    url.rsplit('/').next().unwrap_or_default().to_string()
}

// ---------------------------------------------------------------------------------------------
// Uploads

#[tokio::test]
async fn a_png_upload_becomes_two_square_jpegs_served_immutably() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;

    let reply = upload(&app, &alice, gradient_png()).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let avatar = text(&reply.body["avatar"]);
    let small = text(&reply.body["avatar_small"]);
    let folder = format!("/media/avatars/{}/", alice.id);
    assert!(
        avatar.starts_with(&folder) && avatar.ends_with("-256.jpg"),
        "{avatar}"
    );
    assert_eq!(small, avatar.replace("-256.jpg", "-64.jpg"));
    // The name carries a content hash.
    let hash = file_name(&avatar).trim_end_matches("-256.jpg").to_string();
    assert_eq!(hash.len(), 32, "{avatar}");
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{avatar}");
    // The returned account is the stored one.
    let me = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.body["avatar"], avatar.as_str());
    assert_eq!(me.body["avatar_small"], small.as_str());
    assert_eq!(me.body["id"], alice.id);

    for (url, side) in [(&avatar, 256), (&small, 64)] {
        let served = fetch_media(&app, url).await;
        assert_eq!(served.status, StatusCode::OK, "{url}");
        assert_eq!(served.content_type, "image/jpeg", "{url}");
        assert_eq!(
            served.cache_control, "public, max-age=31536000, immutable",
            "{url}"
        );
        let decoded = image::load_from_memory(&served.bytes).expect("a decodable image");
        assert_eq!((decoded.width(), decoded.height()), (side, side), "{url}");
        // Cropped to the centred 400×400 square, not squeezed: the left edge shows the red of
        // x = 100 (≈ 43), the right edge that of x = 499 (≈ 212).
        let rgb = decoded.to_rgb8();
        let left = rgb.get_pixel(1, side / 2)[0];
        let right = rgb.get_pixel(side - 2, side / 2)[0];
        assert!((30..=56).contains(&left), "left edge red {left} of {url}");
        assert!(
            (199..=225).contains(&right),
            "right edge red {right} of {url}"
        );
    }
    assert_eq!(
        files_of(&app, alice.id),
        vec![file_name(&avatar), file_name(&small)]
    );

    // No listings, nothing outside the stored files.
    for path in [
        "/media/".to_string(),
        "/media/avatars/".to_string(),
        folder.clone(),
        format!("{folder}missing-256.jpg"),
    ] {
        let served = fetch_media(&app, &path).await;
        assert_eq!(served.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !served.cache_control.contains("immutable"),
            "a miss must not be cached forever: {path}"
        );
    }
    // A file beside the media folder stays out of reach (an encoded `/` keeps the client from
    // resolving the `..` itself).
    std::fs::write(app.data_dir().join("secret.txt"), "do not serve").expect("write");
    std::fs::write(
        app.data_dir()
            .join("media/avatars")
            .join(alice.id.to_string())
            .join(".hidden"),
        "hidden",
    )
    .expect("write");
    for path in [
        "/media/..%2Fsecret.txt",
        "/media/avatars/..%2F..%2Fsecret.txt",
    ] {
        let served = fetch_media(&app, path).await;
        assert!(served.status.is_client_error(), "{path}: {}", served.status);
        assert!(!String::from_utf8_lossy(&served.bytes).contains("do not serve"));
    }
    // Hidden names (where the storage keeps half-written files) are never served.
    let hidden = fetch_media(&app, &format!("{folder}.hidden")).await;
    assert!(hidden.status.is_client_error(), "{}", hidden.status);
    assert_ne!(hidden.bytes, b"hidden");
}

#[tokio::test]
async fn jpeg_and_webp_are_accepted_by_content_and_transparency_stays_png() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;

    // A JPEG sent under a PNG name and type: the bytes decide.
    let reply = upload(&app, &alice, plain_jpeg([200, 30, 30])).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let avatar = text(&reply.body["avatar"]);
    assert!(avatar.ends_with("-256.jpg"), "{avatar}");
    let decoded = image::load_from_memory(&fetch_media(&app, &avatar).await.bytes)
        .expect("decodes")
        .to_rgb8();
    let center = decoded.get_pixel(128, 128);
    assert!(
        center[0] > 170 && center[1] < 60 && center[2] < 60,
        "{center:?}"
    );

    // A WebP with a transparent corner, sent as an arbitrary file.
    let reply = upload_as(
        &app,
        Some(&bob.access_token),
        webp_with_transparency(),
        "notes.txt",
        "application/octet-stream",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let avatar = text(&reply.body["avatar"]);
    let small = text(&reply.body["avatar_small"]);
    assert!(avatar.ends_with("-256.png"), "{avatar}");
    assert!(small.ends_with("-64.png"), "{small}");
    for (url, side) in [(&avatar, 256), (&small, 64)] {
        let served = fetch_media(&app, url).await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.content_type, "image/png");
        let decoded = image::load_from_memory(&served.bytes)
            .expect("decodes")
            .to_rgba8();
        assert_eq!(decoded.dimensions(), (side, side));
        assert_eq!(
            decoded.get_pixel(2, 2)[3],
            0,
            "the corner stays transparent"
        );
        assert_eq!(decoded.get_pixel(side - 2, side - 2)[3], 255);
    }
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_413_and_changes_nothing() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let first = upload(&app, &alice, gradient_png()).await;
    assert_eq!(first.status, StatusCode::OK);
    let files_before = files_of(&app, alice.id);

    // 3 MB that start like a PNG: refused on size, before any decoding.
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(3 * 1024 * 1024, 7);
    let reply = upload(&app, &alice, big).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{:?}",
        reply.body
    );
    assert_eq!(reply.code(), "payload_too_large");
    let message = text(&reply.body["error"]["fields"]["avatar"][0]);
    assert!(message.contains("2 MiB"), "{message}");

    let me = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.body["avatar"], first.body["avatar"]);
    assert_eq!(files_of(&app, alice.id), files_before);

    // The limit is a setting.
    let small_limit = spawn_app_with(|settings| settings.avatar_max_bytes = 10 * 1024).await;
    let bob = small_limit.register("bob").await;
    let noise = noise_png();
    assert!(noise.len() > 100 * 1024, "{} bytes", noise.len());
    let reply = upload(&small_limit, &bob, noise).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{:?}",
        reply.body
    );
    assert!(
        text(&reply.body["error"]["fields"]["avatar"][0]).contains("10240 bytes"),
        "{:?}",
        reply.body
    );
    let reply = upload(&small_limit, &bob, plain_jpeg([1, 2, 3])).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "a small JPEG fits: {:?}",
        reply.body
    );
}

#[tokio::test]
async fn files_that_are_not_usable_images_get_422_and_change_nothing() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;

    let too_wide = encode(image::GrayImage::new(8193, 1).into(), ImageFormat::Png);
    let mut truncated = gradient_png();
    truncated.truncate(truncated.len() / 2);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "a text file renamed .png",
            b"Just some notes, not a picture.\n".to_vec(),
            "is not a PNG, JPEG or WebP image",
        ),
        ("an empty file", Vec::new(), "is not a PNG, JPEG or WebP image"),
        (
            "a GIF",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec(),
            "only PNG, JPEG and WebP",
        ),
        ("a truncated PNG", truncated, "could not be decoded as PNG"),
        ("a PNG bomb", png_bomb(), "too large to decode"),
        ("a PNG wider than 8192 px", too_wide, "too large to decode"),
    ];
    for (what, bytes, expected) in cases {
        let reply = upload_as(
            &app,
            Some(&alice.access_token),
            bytes,
            "avatar.png",
            "image/png",
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {:?}",
            reply.body
        );
        assert_eq!(reply.code(), "invalid_image", "{what}");
        let message = text(&reply.body["error"]["fields"]["avatar"][0]);
        assert!(message.contains(expected), "{what}: {message}");
    }
    let me = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.body["avatar"], "");
    assert_eq!(me.body["avatar_small"], "");
    assert!(files_of(&app, alice.id).is_empty());
}

#[tokio::test]
async fn requests_that_are_not_an_avatar_upload_get_clear_errors() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;

    // Not signed in: refused before the body is read.
    let reply = upload_as(&app, None, gradient_png(), "a.png", "image/png").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.code(), "missing_token");
    let reply = app.delete("/api/v1/me/avatar", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    // JSON instead of a form.
    let reply = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/me/avatar",
            Some(&alice.access_token),
            Some(json!({"avatar": "https://example.com/me.png"})),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{:?}",
        reply.body
    );
    assert_eq!(reply.code(), "unsupported_media_type");

    // A form without the `avatar` part.
    let form = Form::new()
        .text("name", "alice")
        .part("picture", Part::bytes(gradient_png()).file_name("a.png"));
    let reply = send_form(&app, Some(&alice.access_token), form).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    assert_eq!(reply.code(), "validation_failed");
    assert!(reply.body["error"]["fields"]["avatar"][0].is_string());

    // Other fields before the avatar are fine.
    let form = Form::new().text("purpose", "profile").part(
        "avatar",
        Part::bytes(plain_jpeg([9, 9, 9])).file_name("a.jpg"),
    );
    let reply = send_form(&app, Some(&alice.access_token), form).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);

    // A broken multipart body.
    let reply = reply_of(
        app.client
            .put(format!("{}/api/v1/me/avatar", app.address))
            .bearer_auth(&alice.access_token)
            .header("content-type", "multipart/form-data; boundary=xyz")
            .body("this is not a multipart body")
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(reply.code(), "invalid_multipart");
}

#[tokio::test]
async fn replacing_removes_the_old_files_and_delete_clears_the_avatar() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;

    let first = upload(&app, &alice, gradient_png()).await;
    let first_urls = [
        text(&first.body["avatar"]),
        text(&first.body["avatar_small"]),
    ];
    let second = upload(&app, &alice, plain_jpeg([10, 200, 10])).await;
    assert_eq!(second.status, StatusCode::OK);
    let second_urls = [
        text(&second.body["avatar"]),
        text(&second.body["avatar_small"]),
    ];
    assert_ne!(first_urls, second_urls);
    for url in &first_urls {
        assert_eq!(
            fetch_media(&app, url).await.status,
            StatusCode::NOT_FOUND,
            "the replaced {url} is gone"
        );
    }
    let mut expected: Vec<String> = second_urls.iter().map(|url| file_name(url)).collect();
    expected.sort();
    assert_eq!(files_of(&app, alice.id), expected);

    // The same picture again: same names, and the files must survive the "old files" clean-up.
    let again = upload(&app, &alice, plain_jpeg([10, 200, 10])).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(text(&again.body["avatar"]), second_urls[0]);
    assert_eq!(files_of(&app, alice.id), expected);
    for url in &second_urls {
        assert_eq!(fetch_media(&app, url).await.status, StatusCode::OK, "{url}");
    }

    let deleted = app
        .delete("/api/v1/me/avatar", Some(&alice.access_token))
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    assert_eq!(deleted.body["avatar"], "");
    assert_eq!(deleted.body["avatar_small"], "");
    assert_eq!(deleted.body["id"], alice.id);
    assert!(files_of(&app, alice.id).is_empty());
    for url in &second_urls {
        assert_eq!(fetch_media(&app, url).await.status, StatusCode::NOT_FOUND);
    }
    let me = app.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.body["avatar"], "");
    // Deleting again is harmless.
    let deleted = app
        .delete("/api/v1/me/avatar", Some(&alice.access_token))
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
}

/// The author fields of everything another user sees of `author`: profile, post card (list and
/// single), comment, following list, search hit.
async fn seen_by_others(
    app: &TestApp,
    viewer: &TestUser,
    author: &TestUser,
    post_id: i64,
) -> Vec<(String, Value)> {
    let token = Some(viewer.access_token.as_str());
    let pick =
        |value: &Value| json!({"avatar": value["avatar"], "avatar_small": value["avatar_small"]});
    let profile = app.get(format!("/api/v1/users/{}", author.id), token).await;
    let list = app.get("/api/v1/posts", token).await;
    let card = list.body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|item| item["id"] == post_id))
        .cloned()
        .unwrap_or(Value::Null);
    let single = app.get(format!("/api/v1/posts/{post_id}"), token).await;
    let comments = app
        .get(format!("/api/v1/posts/{post_id}/comments"), token)
        .await;
    let following = app
        .get(format!("/api/v1/users/{}/following", viewer.id), token)
        .await;
    vec![
        ("profile".into(), pick(&profile.body)),
        ("post list card".into(), pick(&card["author"])),
        ("post".into(), pick(&single.body["author"])),
        ("comment".into(), pick(&comments.body["items"][0]["author"])),
        ("following list".into(), pick(&following.body["items"][0])),
    ]
}

async fn expect_seen(
    app: &TestApp,
    viewer: &TestUser,
    author: &TestUser,
    post_id: i64,
    avatar: &str,
) {
    let expected = json!({"avatar": avatar, "avatar_small": avatar.replace("-256.", "-64.")});
    for (place, seen) in seen_by_others(app, viewer, author, post_id).await {
        assert_eq!(seen, expected, "{place}");
    }
}

#[tokio::test]
async fn other_users_see_a_changed_avatar_at_once_everywhere() {
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let post = app
        .create_post(&alice, "Pictures of lighthouses", &["photos"])
        .await;
    let post_id = post["id"].as_i64().expect("post id");
    let comment = app
        .post(
            &format!("/api/v1/posts/{post_id}/comments"),
            Some(&alice.access_token),
            json!({"content": "More to come"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{:?}", comment.body);
    let follow = app
        .put(
            &format!("/api/v1/users/{}/follow", alice.id),
            Some(&bob.access_token),
        )
        .await;
    assert_eq!(follow.status, StatusCode::OK);

    // Bob's reads fill the caches with "no avatar" (twice: the second read is a cache hit).
    for _ in 0..2 {
        expect_seen(&app, &bob, &alice, post_id, "").await;
    }

    let uploaded = upload(&app, &alice, gradient_png()).await;
    let avatar = text(&uploaded.body["avatar"]);
    assert!(!avatar.is_empty());
    expect_seen(&app, &bob, &alice, post_id, &avatar).await;

    // Search hits are cards too, once the post is indexed.
    let hit = eventually(20, "the post is searchable", || async {
        let reply = app.get("/api/v1/search?q=lighthouses", None).await;
        reply.body["items"][0]["post"]["author"]
            .is_object()
            .then(|| reply.body["items"][0]["post"]["author"].clone())
    })
    .await;
    assert_eq!(hit["avatar"], avatar.as_str());

    let replaced = upload(&app, &alice, plain_jpeg([0, 0, 250])).await;
    let avatar = text(&replaced.body["avatar"]);
    expect_seen(&app, &bob, &alice, post_id, &avatar).await;
    let reply = app.get("/api/v1/search?q=lighthouses", None).await;
    assert_eq!(
        reply.body["items"][0]["post"]["author"]["avatar"],
        avatar.as_str()
    );

    let deleted = app
        .delete("/api/v1/me/avatar", Some(&alice.access_token))
        .await;
    assert_eq!(deleted.status, StatusCode::OK);
    expect_seen(&app, &bob, &alice, post_id, "").await;
}

// ---------------------------------------------------------------------------------------------
// The FetchAvatar job

/// What the image server answers on one path.
#[derive(Clone)]
struct Picture {
    body: Vec<u8>,
    /// When set, the answer waits until this is notified.
    gate: Option<Arc<Notify>>,
}

/// A tiny HTTP/1.1 server on 127.0.0.1 serving pictures, counting requests per path.
struct ImageServer {
    port: u16,
    pictures: Arc<Mutex<HashMap<String, Picture>>>,
    requests: Arc<Mutex<HashMap<String, usize>>>,
}

impl ImageServer {
    async fn start() -> ImageServer {
        let pictures: Arc<Mutex<HashMap<String, Picture>>> = Arc::default();
        let requests: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (task_pictures, task_requests) = (pictures.clone(), requests.clone());
        let port = serve_loopback(move |stream, head| {
            serve_picture(
                stream,
                head.path,
                task_pictures.clone(),
                task_requests.clone(),
            )
        })
        .await;
        ImageServer {
            port,
            pictures,
            requests,
        }
    }

    fn set(&self, path: &str, body: Vec<u8>, gate: Option<Arc<Notify>>) {
        self.pictures
            .lock()
            .expect("pictures")
            .insert(path.to_string(), Picture { body, gate });
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self, path: &str) -> usize {
        self.requests
            .lock()
            .expect("requests")
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

async fn serve_picture(
    mut stream: tokio::net::TcpStream,
    path: String,
    pictures: Arc<Mutex<HashMap<String, Picture>>>,
    requests: Arc<Mutex<HashMap<String, usize>>>,
) -> std::io::Result<()> {
    *requests
        .lock()
        .expect("requests")
        .entry(path.clone())
        .or_default() += 1;
    let picture = pictures.lock().expect("pictures").get(&path).cloned();
    let Some(picture) = picture else {
        return stream
            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await;
    };
    if let Some(gate) = picture.gate {
        gate.notified().await;
    }
    stream
        .write_all(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                picture.body.len()
            )
            .as_bytes(),
        )
        .await?;
    stream.write_all(&picture.body).await?;
    stream.shutdown().await
}

/// Records the job the way the OAuth sign-up will: an outbox row, moved to the queue by the
/// server's relay.
async fn fetch_avatar(app: &TestApp, user: &TestUser, url: &str) {
    let job = tidings::jobs::Job::FetchAvatar {
        user_id: tidings::domain::ids::UserId(user.id),
        url: url.to_string(),
    };
    tidings::jobs::outbox::record(&app.db, &job)
        .await
        .expect("record the FetchAvatar job");
}

async fn fetch_jobs_done(app: &TestApp) -> f64 {
    app.metric("tidings_jobs_total{kind=\"fetch_avatar\",outcome=\"done\"}")
        .await
}

async fn wait_for_fetch_jobs(app: &TestApp, count: f64) {
    eventually(30, &format!("{count} FetchAvatar job(s) done"), || async {
        (fetch_jobs_done(app).await >= count).then_some(())
    })
    .await;
}

async fn avatar_of(app: &TestApp, user: &TestUser) -> String {
    text(&app.get("/api/v1/me", Some(&user.access_token)).await.body["avatar"])
}

#[tokio::test]
async fn the_fetch_job_sets_a_missing_avatar_and_never_overwrites_an_upload() {
    let server = ImageServer::start().await;
    let app = spawn_app_with(|settings| settings.feed_fetch_allow = "127.0.0.1".into()).await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let carol = app.register("carol").await;
    server.set("/alice.png", gradient_png(), None);

    // Alice has none: the fetched picture becomes hers, through the same pipeline.
    fetch_avatar(&app, &alice, &server.url("/alice.png")).await;
    let avatar = eventually(30, "alice's avatar is fetched", || async {
        let avatar = avatar_of(&app, &alice).await;
        (!avatar.is_empty()).then_some(avatar)
    })
    .await;
    assert!(
        avatar.starts_with(&format!("/media/avatars/{}/", alice.id))
            && avatar.ends_with("-256.jpg"),
        "{avatar}"
    );
    let served = fetch_media(&app, &avatar.replace("-256.", "-64.")).await;
    assert_eq!(served.status, StatusCode::OK);
    let decoded = image::load_from_memory(&served.bytes).expect("decodes");
    assert_eq!((decoded.width(), decoded.height()), (64, 64));
    wait_for_fetch_jobs(&app, 1.0).await;

    // Bob uploaded one already: the job leaves it alone without even fetching.
    let uploaded = text(&upload(&app, &bob, plain_jpeg([5, 5, 5])).await.body["avatar"]);
    server.set("/bob.png", gradient_png(), None);
    fetch_avatar(&app, &bob, &server.url("/bob.png")).await;
    wait_for_fetch_jobs(&app, 2.0).await;
    assert_eq!(avatar_of(&app, &bob).await, uploaded);
    assert_eq!(server.requests("/bob.png"), 0);

    // Carol uploads while the job is fetching: her upload wins and the fetched files are
    // removed again.
    let gate = Arc::new(Notify::new());
    server.set("/carol.png", gradient_png(), Some(gate.clone()));
    fetch_avatar(&app, &carol, &server.url("/carol.png")).await;
    eventually(30, "the job is fetching carol's picture", || async {
        (server.requests("/carol.png") == 1).then_some(())
    })
    .await;
    let uploaded = upload(&app, &carol, plain_jpeg([250, 250, 0])).await;
    let uploaded_urls = [
        text(&uploaded.body["avatar"]),
        text(&uploaded.body["avatar_small"]),
    ];
    gate.notify_one();
    wait_for_fetch_jobs(&app, 3.0).await;
    assert_eq!(avatar_of(&app, &carol).await, uploaded_urls[0]);
    let mut expected: Vec<String> = uploaded_urls.iter().map(|url| file_name(url)).collect();
    expected.sort();
    assert_eq!(
        files_of(&app, carol.id),
        expected,
        "the fetched files are gone"
    );
}

#[tokio::test]
async fn the_fetch_job_respects_the_allow_list_and_the_size_limit() {
    let server = ImageServer::start().await;
    server.set("/picture.png", gradient_png(), None);
    let mut huge = gradient_png();
    huge.resize(3 * 1024 * 1024, 0);
    server.set("/huge.png", huge, None);
    server.set("/notes.png", b"not a picture at all".to_vec(), None);

    // Loopback is refused unless allowed: the job ends without asking the server.
    let app = spawn_app().await;
    let alice = app.register("alice").await;
    fetch_avatar(&app, &alice, &server.url("/picture.png")).await;
    wait_for_fetch_jobs(&app, 1.0).await;
    assert_eq!(server.requests("/picture.png"), 0);
    assert_eq!(avatar_of(&app, &alice).await, "");

    // Allowed, but too large or not an image: given up, nothing stored.
    let app = spawn_app_with(|settings| settings.feed_fetch_allow = "127.0.0.1".into()).await;
    let bob = app.register("bob").await;
    fetch_avatar(&app, &bob, &server.url("/huge.png")).await;
    fetch_avatar(&app, &bob, &server.url("/notes.png")).await;
    wait_for_fetch_jobs(&app, 2.0).await;
    assert_eq!(server.requests("/huge.png"), 1);
    assert_eq!(server.requests("/notes.png"), 1);
    assert_eq!(avatar_of(&app, &bob).await, "");
    assert!(files_of(&app, bob.id).is_empty());
    let failed = app.metrics().await;
    assert_eq!(
        metric(
            &failed,
            "tidings_jobs_total{kind=\"fetch_avatar\",outcome=\"retried\"}"
        ),
        0.0,
        "permanent refusals are not retried"
    );
}

#[tokio::test]
async fn uploads_are_rate_limited_per_account() {
    let app = spawn_app_with(|settings| settings.rate_limit_per_account = 2).await;
    let alice = app.api.register("alice").await;
    assert_eq!(
        upload(&app, &alice, gradient_png()).await.status,
        StatusCode::OK
    );
    let accepted = upload(&app, &alice, plain_jpeg([200, 10, 10])).await;
    assert_eq!(accepted.status, StatusCode::OK);
    let refused = upload(&app, &alice, plain_jpeg([10, 20, 30])).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.code(), "rate_limited");
    // The refused picture did not replace the accepted one.
    let me = app.api.get("/api/v1/me", Some(&alice.access_token)).await;
    assert_eq!(me.body["avatar"], accepted.body["avatar"]);
    let bob = app.api.register("bob").await;
    assert_eq!(
        upload(&app, &bob, gradient_png()).await.status,
        StatusCode::OK,
        "others are not limited"
    );
}
