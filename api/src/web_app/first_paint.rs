//! The first page as the server draws it, so an anonymous visitor sees the posts before the
//! JavaScript has arrived: the app's frame (header, footer) around the home page's post cards or
//! one post, built from the answers `initial_data` embeds. The app then draws the same page in
//! its place (web/src/app/first-paint.ts), so this markup follows the React components — their
//! elements, class names and text (web/src/app/first-paint.test.ts compares the two); the e2e
//! run measures that nothing moves when the app takes over.
//!
//! Every text from the database goes through `escape`. The only HTML written as it is is a
//! post's `content_html`, which the server sanitized (ammonia) when it rendered the markdown; the
//! app inserts the same string as HTML.

use chrono::{DateTime, Utc};

use super::icons::{self, Icon};
use super::markup::{
    compact_number, display_name, encode_component, escape, iso, link_and_host, time_ago,
};
use crate::db::pagination::Page;
use crate::posts::dto::PostDetail;
use crate::read_model::cards::PostCard;
use crate::read_model::tags::TagCount;
use crate::read_model::users::UserSummary;

/// What the server can draw for a URL.
#[derive(Debug)]
pub enum Content {
    /// `/`, `/?tab=latest` or `/?tab=hot`: the first page of posts and the popular tags.
    Home {
        hot: bool,
        posts: Page<PostCard>,
        tags: Vec<TagCount>,
    },
    /// `/posts/{id}`.
    Post(Box<PostDetail>),
}

/// A drawn page: what goes inside `#root` (the document's title is `metadata`'s).
#[derive(Debug)]
pub struct Drawn {
    pub body: String,
}

/// The page for `content` at `location` (path and query, as the browser shows them), with times
/// relative to `now`.
pub fn draw(content: &Content, location: &str, now: DateTime<Utc>) -> Drawn {
    let main = match content {
        Content::Home { hot, posts, tags } => home(*hot, posts, tags, now),
        Content::Post(post) => post_page(post, now),
    };
    let mut body = String::with_capacity(main.len() + 8 * 1024);
    body.push_str("<a class=\"skip-link\" href=\"#main\">Skip to content</a>");
    header(&mut body, location);
    body.push_str("<main id=\"main\" class=\"container site-main\" tabindex=\"-1\">");
    body.push_str(&main);
    body.push_str("</main>");
    footer(&mut body);
    Drawn { body }
}

/// The header an anonymous visitor sees (widgets/header): Sign in and Join come back to
/// `location`. The search form also works without the app (`GET /search?q=`).
fn header(out: &mut String, location: &str) {
    let path = location.split('?').next().unwrap_or(location);
    let nav = |out: &mut String, href: &str, icon: Icon, text: &str| {
        let active = path == href;
        out.push_str(&format!(
            "<a class=\"nav-link{}\"{} href=\"{href}\">{}<span class=\"nav-text\">{text}</span></a>",
            if active { " nav-link-active" } else { "" },
            if active { " aria-current=\"page\"" } else { "" },
            icon.svg(18),
        ));
    };
    out.push_str(
        "<header class=\"site-header\"><div class=\"container header-inner\">\
         <a class=\"brand\" aria-label=\"Tidings home\" href=\"/\">\
         <span class=\"brand-mark\" aria-hidden=\"true\"></span>\
         <span class=\"brand-name\">Tidings</span></a>\
         <nav class=\"main-nav\" aria-label=\"Main\">",
    );
    nav(out, "/", icons::HOME, "Home");
    nav(out, "/tags", icons::HASH, "Tags");
    out.push_str(&format!(
        "<a aria-label=\"Search\" class=\"nav-link nav-search-link\" href=\"/search\">{}</a></nav>",
        icons::SEARCH.svg(18)
    ));
    out.push_str(
        "<form class=\"header-search\" role=\"search\" action=\"/search\">\
         <label for=\"header-search\" class=\"sr-only\">Search posts</label>\
         <input id=\"header-search\" name=\"q\" placeholder=\"Search…\" type=\"search\" value=\"\"></form>",
    );
    // signInPath / registerPath: no `next` back to the home page itself.
    let next = if location == "/" {
        String::new()
    } else {
        format!("?next={}", encode_component(location))
    };
    out.push_str(&format!(
        "<div class=\"header-user\"><a class=\"nav-link\" href=\"/signin{next}\">{}<span>Sign in</span></a>\
         <a class=\"btn btn-primary btn-small\" href=\"/register{next}\">Join</a></div></div></header>",
        icons::LOG_IN.svg(18),
    ));
}

fn footer(out: &mut String) {
    out.push_str(
        "<footer class=\"site-footer\"><div class=\"container footer-inner\">\
         <span>Tidings · share links and write-ups</span>\
         <a class=\"footer-link\" href=\"/modlog\">Moderation log</a>",
    );
    segmented(
        out,
        "theme-switch",
        "Colour theme",
        "theme",
        &[
            ("system", "System", icons::MONITOR),
            ("light", "Light", icons::SUN),
            ("dark", "Dark", icons::MOON),
        ],
    );
    out.push_str(
        "</div></footer><div class=\"toasts\" role=\"status\" aria-live=\"polite\"></div>",
    );
}

/// A radio group drawn as segments (shared/ui ThemeSwitch, ViewSwitch), the first one chosen.
fn segmented(
    out: &mut String,
    class: &str,
    legend: &str,
    name: &str,
    options: &[(&str, &str, Icon)],
) {
    out.push_str(&format!(
        "<fieldset class=\"{class} segmented\"><legend class=\"sr-only\">{legend}</legend>"
    ));
    for (index, (value, label, icon)) in options.iter().enumerate() {
        let first = index == 0;
        out.push_str(&format!(
            "<label{}><input type=\"radio\" name=\"{name}\" value=\"{value}\" class=\"sr-only\"{}>{}<span>{label}</span></label>",
            if first { " class=\"segmented-on\"" } else { "" },
            if first { " checked" } else { "" },
            icon.svg(14),
        ));
    }
    out.push_str("</fieldset>");
}

/// pages/home for an anonymous visitor: title, tabs, the cards, the welcome box and the tags.
fn home(hot: bool, posts: &Page<PostCard>, tags: &[TagCount], now: DateTime<Utc>) -> String {
    let title = if hot { "Hot posts" } else { "Latest posts" };
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(&format!(
        "<div class=\"layout-with-sidebar\"><div class=\"layout-main\"><h1 class=\"page-title\">{title}</h1>\
         <nav class=\"tabs\" aria-label=\"Post lists\">"
    ));
    for (href, label, active) in [("/?tab=latest", "Latest", !hot), ("/?tab=hot", "Hot", hot)] {
        out.push_str(&format!(
            "<a class=\"tab{}\"{} href=\"{href}\">{label}</a>",
            if active { " tab-active" } else { "" },
            if active { " aria-current=\"page\"" } else { "" },
        ));
    }
    out.push_str(&format!(
        "</nav><section class=\"post-list post-list-cards\" aria-label=\"{title}\"><div class=\"list-toolbar\">"
    ));
    segmented(
        &mut out,
        "view-switch",
        "List view",
        "list-view",
        &[
            ("cards", "Cards", icons::NEWSPAPER),
            ("compact", "Compact", icons::LIST),
        ],
    );
    out.push_str("</div><ul class=\"plain-list\" role=\"list\">");
    for post in &posts.items {
        out.push_str("<li>");
        card(&mut out, post, now);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    if posts.next_cursor.is_some() {
        out.push_str(
            "<div class=\"load-more\"><button type=\"button\" class=\"btn btn-secondary\" \
             aria-busy=\"false\">Load more posts</button></div>",
        );
    }
    out.push_str(
        "</section></div><div class=\"layout-sidebar\"><aside class=\"card sidebar-card intro\">\
         <h2 class=\"sidebar-title\">Welcome to Tidings</h2>\
         <p>Share links and write-ups, discuss them, follow people whose taste you like.</p>\
         <a class=\"btn btn-primary btn-block\" href=\"/register\">Create an account</a></aside>",
    );
    tag_cloud(&mut out, tags);
    out.push_str("</div></div>");
    out
}

/// widgets/tag-cloud: the 20 most used tags, most used first.
fn tag_cloud(out: &mut String, tags: &[TagCount]) {
    if tags.is_empty() {
        return;
    }
    let mut sorted: Vec<&TagCount> = tags.iter().collect();
    sorted.sort_by_key(|tag| std::cmp::Reverse(tag.post_count));
    out.push_str(
        "<aside class=\"card sidebar-card\" aria-labelledby=\"popular-tags\">\
         <h2 id=\"popular-tags\" class=\"sidebar-title\">Popular tags</h2><ul class=\"tag-list\">",
    );
    for tag in sorted.into_iter().take(20) {
        out.push_str(&format!(
            "<li><a class=\"tag\" href=\"/tags/{}\">#{} <span class=\"tag-count\">{}</span></a></li>",
            encode_component(&tag.name),
            escape(&tag.name),
            tag.post_count
        ));
    }
    out.push_str("</ul><p class=\"sidebar-more\"><a href=\"/tags\">All tags</a></p></aside>");
}

/// entities/post PostCard, with the like and bookmark buttons of an anonymous visitor.
fn card(out: &mut String, post: &PostCard, now: DateTime<Utc>) {
    let id = post.id;
    out.push_str(&format!(
        "<article class=\"card post-card\" data-post-id=\"{id}\" aria-labelledby=\"post-card-{id}\">\
         <h2 class=\"post-card-title\" id=\"post-card-{id}\"><a href=\"/posts/{id}\">{}</a>",
        escape(&post.title)
    ));
    if let Some((link, host)) = link_and_host(post.orig_url.as_deref()) {
        out.push_str(&format!(
            "<a class=\"post-card-host\" href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer nofollow ugc\">\
             {}{}<span class=\"sr-only\"> (original link, opens in a new tab)</span></a>",
            escape(link),
            icons::EXTERNAL_LINK.svg(13),
            escape(&host)
        ));
    }
    out.push_str("</h2>");
    if !post.excerpt.is_empty() {
        out.push_str(&format!(
            "<p class=\"post-card-excerpt\">{}</p>",
            escape(&post.excerpt)
        ));
    }
    tag_links(out, &post.tags);
    out.push_str("<footer class=\"post-card-footer\"><div class=\"byline\">");
    byline(out, &post.author, 24, post.created_at, now);
    out.push_str("</div><div class=\"actions\">");
    reactions(out, post);
    out.push_str(&format!(
        "<a class=\"action\" href=\"/posts/{id}#comments\" data-action=\"comments\">{}\
         <span data-count=\"true\">{}</span><span class=\"sr-only\"> comments</span></a>",
        icons::MESSAGE_SQUARE.svg(16),
        compact_number(i64::from(post.comment_count))
    ));
    share_button(out);
    out.push_str("</div></footer></article>");
}

/// features/share-post's button (its menu comes with the app).
fn share_button(out: &mut String) {
    out.push_str(&format!(
        "<span class=\"share-post\"><button type=\"button\" class=\"action action-share\" \
         aria-label=\"Share\" title=\"Share\" aria-haspopup=\"menu\" aria-expanded=\"false\" \
         data-action=\"share\">{}</button></span>",
        icons::SHARE.svg(16)
    ));
}

/// pages/post: the post itself (its comments come with the app).
fn post_page(post: &PostDetail, now: DateTime<Utc>) -> String {
    let card = &post.card;
    let mut out = String::with_capacity(post.content_html.len() + 8 * 1024);
    out.push_str(&format!(
        "<div class=\"layout-narrow\"><article class=\"card post-detail\" data-post-id=\"{}\" \
         aria-labelledby=\"post-title\"><header class=\"post-detail-head\">\
         <h1 id=\"post-title\" class=\"post-detail-title\">{}</h1>",
        card.id,
        escape(&card.title)
    ));
    if let Some((link, host)) = link_and_host(card.orig_url.as_deref()) {
        out.push_str(&format!(
            "<a class=\"orig-link\" href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer nofollow ugc\">\
             {} {}<span class=\"sr-only\"> (original link, opens in a new tab)</span></a>",
            escape(link),
            icons::EXTERNAL_LINK.svg(14),
            escape(&host)
        ));
    }
    out.push_str("<div class=\"byline\">");
    byline(&mut out, &card.author, 32, card.created_at, now);
    if card.updated_at != card.created_at {
        out.push_str(&format!(
            "<span class=\"muted\">(edited {})</span>",
            time(card.updated_at, now)
        ));
    }
    out.push_str("</div>");
    tag_links(&mut out, &card.tags);
    out.push_str("</header><div class=\"prose post-content\">");
    out.push_str(&post.content_html);
    out.push_str("</div><footer class=\"post-detail-actions\"><div class=\"actions\">");
    reactions(&mut out, card);
    share_button(&mut out);
    out.push_str("</div></footer></article></div>");
    out
}

fn tag_links(out: &mut String, tags: &[String]) {
    if tags.is_empty() {
        return;
    }
    out.push_str("<ul class=\"tag-list\" aria-label=\"Tags\">");
    for tag in tags {
        out.push_str(&format!(
            "<li><a class=\"tag\" href=\"/tags/{}\">#{}</a></li>",
            encode_component(tag),
            escape(tag)
        ));
    }
    out.push_str("</ul>");
}

/// Avatar, name and age of a post (the inside of `.byline`).
fn byline(
    out: &mut String,
    author: &UserSummary,
    size: u32,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    avatar(out, author, size);
    out.push_str(&format!(
        "<a class=\"byline-name\" href=\"/users/{}\">{}</a><span aria-hidden=\"true\">·</span>{}",
        encode_component(&author.name),
        escape(display_name(&author.name, &author.nickname)),
        time(created, now)
    ));
}

/// shared/ui TimeAgo (without the full date on hover, which is in the visitor's time zone).
fn time(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        iso(at),
        escape(&time_ago(at, now))
    )
}

/// The colours of shared/ui Avatar's initials, as classes (`avatar-hue-N` in styles.css): the
/// page's policy allows no `style` attribute the server writes.
const AVATAR_HUES: u64 = 8;

/// shared/ui Avatar: the 64 px picture, or the initial on the user's colour. Sizes are the
/// `avatar-size-N` classes of styles.css (24 on cards, 32 on a post).
fn avatar(out: &mut String, user: &UserSummary, size: u32) {
    let picture = [&user.avatar_small, &user.avatar]
        .into_iter()
        .find(|src| src.starts_with('/') && !src.starts_with("//"));
    if let Some(src) = picture {
        out.push_str(&format!(
            "<img class=\"avatar\" src=\"{}\" alt=\"\" width=\"{size}\" height=\"{size}\" loading=\"lazy\">",
            escape(src)
        ));
        return;
    }
    let initial: String = display_name(&user.name, &user.nickname)
        .chars()
        .next()
        .map(|first| first.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(&format!(
        "<span class=\"avatar avatar-initials avatar-size-{size} avatar-hue-{}\" aria-hidden=\"true\">{}</span>",
        user.id.unsigned_abs() % AVATAR_HUES,
        escape(&initial)
    ));
}

/// The like and bookmark toggles (features/like-post, collect-post) as an anonymous visitor sees
/// them: not pressed, with their counts.
fn reactions(out: &mut String, post: &PostCard) {
    for (action, label, icon, count) in [
        ("like", "Like", icons::HEART, post.like_count),
        ("collect", "Bookmark", icons::BOOKMARK, post.collect_count),
    ] {
        out.push_str(&format!(
            "<button type=\"button\" class=\"action action-{action}\" aria-pressed=\"false\" \
             title=\"{label}\" data-action=\"{action}\">{}<span class=\"sr-only\">{label} (</span>\
             <span data-count=\"true\">{}</span><span class=\"sr-only\">)</span></button>",
            icon.svg(16),
            compact_number(i64::from(count))
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn card(id: i64, title: &str) -> PostCard {
        PostCard {
            id,
            title: title.to_string(),
            orig_url: Some("https://www.example.org/a?b=1&c=2".to_string()),
            excerpt: "An <em>excerpt</em> & more".to_string(),
            tags: vec!["c++".to_string(), "rust".to_string()],
            author: UserSummary {
                id: 13,
                name: "ann o'hara".to_string(),
                nickname: String::new(),
                avatar: String::new(),
                avatar_small: String::new(),
            },
            can_comment: true,
            like_count: 1234,
            collect_count: 2,
            comment_count: 3,
            created_at: at(26, 10),
            updated_at: at(26, 10),
            liked: false,
            collected: false,
            author_followed: false,
        }
    }

    const NASTY: &str = "\"Quoted\" <b>bold</b> </script><script>alert(1)</script> & 'so'";
    const ESCAPED: &str = "&quot;Quoted&quot; &lt;b&gt;bold&lt;/b&gt; \
        &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;so&#39;";

    #[test]
    fn a_title_with_quotes_markup_and_script_stays_text_on_the_home_page() {
        let content = Content::Home {
            hot: false,
            posts: Page {
                items: vec![card(7, NASTY), card(8, "Second")],
                next_cursor: Some("next".to_string()),
            },
            tags: vec![TagCount {
                name: "<x>".to_string(),
                post_count: 4,
            }],
        };
        let page = draw(&content, "/", at(30, 10));
        let body = &page.body;
        assert!(
            body.contains(&format!("<a href=\"/posts/7\">{ESCAPED}</a>")),
            "{body}"
        );
        assert!(!body.contains("<script") && !body.contains("<b>") && !body.contains("<em>"));
        assert!(body.contains(
            "<p class=\"post-card-excerpt\">An &lt;em&gt;excerpt&lt;/em&gt; &amp; more</p>"
        ));
        assert!(body.contains("href=\"https://www.example.org/a?b=1&amp;c=2\""));
        assert!(body.contains("<a class=\"tag\" href=\"/tags/c%2B%2B\">#c++</a>"));
        assert!(
            body.contains("href=\"/tags/%3Cx%3E\">#&lt;x&gt; <span class=\"tag-count\">4</span>")
        );
        assert!(
            body.contains(
                "<a class=\"byline-name\" href=\"/users/ann%20o'hara\">ann o&#39;hara</a>"
            )
        );
        assert!(body.contains("<span class=\"avatar avatar-initials avatar-size-24 avatar-hue-5\" aria-hidden=\"true\">A</span>"));
        assert!(body.contains("<time datetime=\"2026-11-26T10:00:00Z\">4 days ago</time>"));
        assert!(body.contains("<span data-count=\"true\">1.2K</span>"));
        assert!(body.contains("Load more posts"));
        assert_eq!(body.matches("data-post-id=").count(), 2);
        // Sign-in from the home page itself comes back to it without `next`.
        assert!(body.contains("href=\"/signin\"") && body.contains("href=\"/register\""));
        assert!(
            body.contains("class=\"nav-link nav-link-active\" aria-current=\"page\" href=\"/\"")
        );
        // No style attribute: the page's policy would refuse it.
        assert!(!body.contains("style="));
    }

    #[test]
    fn a_post_page_escapes_its_title_and_keeps_its_sanitized_html() {
        let mut post_card = card(9, NASTY);
        post_card.updated_at = at(27, 10);
        post_card.orig_url = Some("javascript:alert(1)".to_string());
        let post = PostDetail {
            card: post_card,
            content: String::new(),
            content_html: "<p>Some <strong>bold</strong> text.</p>".to_string(),
            removed: None,
            locked_reason: None,
        };
        let page = draw(
            &Content::Post(Box::new(post)),
            "/posts/9?x=\"y\"",
            at(30, 10),
        );
        let body = &page.body;
        assert!(body.contains(&format!(
            "<h1 id=\"post-title\" class=\"post-detail-title\">{ESCAPED}</h1>"
        )));
        assert!(body.contains(
            "<div class=\"prose post-content\"><p>Some <strong>bold</strong> text.</p></div>"
        ));
        assert!(
            body.contains("(edited <time datetime=\"2026-11-27T10:00:00Z\">3 days ago</time>)")
        );
        // A link that is not http(s) is not a link.
        assert!(!body.contains("javascript:") && !body.contains("orig-link"));
        assert!(body.contains("href=\"/signin?next=%2Fposts%2F9%3Fx%3D%22y%22\""));
        assert!(!body.contains("<script"));
    }
}
