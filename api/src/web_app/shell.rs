//! The app's `index.html`, read once at start-up, and what each page response puts into it: the
//! page's head (title, description and the rest of `metadata`), the server-drawn first page (in
//! `#root`), and the embedded API answers (at the end of the body, so they never hold up the
//! drawing of the page above them).
//!
//! A post page's route code is named in its head (`modulepreload`), so it comes with the app's
//! entry instead of a round trip after it.
//!
//! The shell carries its own inline script (the remembered colour theme, applied before anything
//! is drawn) and its stylesheet inline (so the first page is drawn without waiting for another
//! round trip). The page's Content-Security-Policy allows exactly those elements, by their
//! SHA-256 hashes, and nothing else inline: no `'unsafe-inline'`.

use std::collections::HashSet;

use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::first_paint::Drawn;

/// What a page puts in the shell's head, as HTML (escaped by `metadata`).
#[derive(Debug, Default)]
pub struct Head {
    /// The text of `<title>`.
    pub title: String,
    /// The `<meta name="description">` element, in place of the shell's.
    pub description: String,
    /// Elements added at the end of the head.
    pub elements: String,
}

/// Where the server's first page goes: `#root` as Vite writes it.
const ROOT: &str = "<div id=\"root\"></div>";
/// The post page's module in the build's manifest (`web/src/app/router.tsx` loads it lazily).
const POST_PAGE_MODULE: &str = "src/pages/post/post.page.tsx";

#[derive(Debug)]
pub struct Shell {
    html: String,
    /// The byte range of `<title>…</title>`.
    title: Option<(usize, usize)>,
    /// The byte range of `<meta name="description" …>`.
    description: Option<(usize, usize)>,
    /// The byte offset of `ROOT`.
    root: Option<usize>,
    /// The byte offset of `</head>` (or 0).
    head_end: usize,
    /// The byte offset of `</body>` (or the end).
    body_end: usize,
    /// `<link rel="modulepreload">` for the post page's chunks the shell does not name already.
    post_page_preloads: String,
    /// The Content-Security-Policy of the pages made from this shell.
    pub policy: String,
}

impl Shell {
    /// `html` with `policy` (the web app's policy) extended by the hashes of the shell's inline
    /// scripts and styles; `manifest` is the build's `.vite/manifest.json`, if there is one.
    pub fn parse(html: String, policy: &str, manifest: Option<&str>) -> Shell {
        let title = html.find("<title>").and_then(|start| {
            let end = html[start..].find("</title>")? + start + "</title>".len();
            Some((start, end))
        });
        let description = html.find("<meta name=\"description\"").and_then(|start| {
            let end = html[start..].find('>')? + start + 1;
            Some((start, end))
        });
        let root = html.find(ROOT);
        if root.is_none() {
            tracing::warn!(
                "index.html has no empty <div id=\"root\">: pages are not drawn by the server"
            );
        }
        let head_end = html.find("</head>").unwrap_or(0);
        let body_end = html.rfind("</body>").unwrap_or(html.len());
        let (scripts, styles) = inline_hashes(&html);
        let policy = with_sources(
            &with_sources(policy, "script-src", &scripts),
            "style-src",
            &styles,
        );
        let manifest = manifest.and_then(|text| serde_json::from_str::<Value>(text).ok());
        let post_page_preloads = manifest
            .map(|manifest| module_preloads(&manifest, POST_PAGE_MODULE, &html))
            .unwrap_or_default();
        Shell {
            html,
            title,
            description,
            root,
            head_end,
            body_end,
            post_page_preloads,
            policy,
        }
    }

    /// The page: the shell with `head`, `drawn` (the first page, if the server drew one), `data`
    /// (the embedded answers' script element, if any) and, for a post page, its code preloaded.
    pub fn page(
        &self,
        head: &Head,
        drawn: Option<&Drawn>,
        data: Option<&str>,
        post_page: bool,
    ) -> String {
        let mut edits: Vec<(usize, usize, String)> = Vec::with_capacity(6);
        if let Some((start, end)) = self.title {
            edits.push((start, end, format!("<title>{}</title>", head.title)));
        }
        if let Some((start, end)) = self.description {
            edits.push((start, end, head.description.clone()));
        }
        let mut head_end = head.elements.clone();
        if post_page {
            head_end.push_str(&self.post_page_preloads);
        }
        if !head_end.is_empty() {
            edits.push((self.head_end, self.head_end, head_end));
        }
        if let (Some(drawn), Some(root)) = (drawn, self.root) {
            edits.push((
                root,
                root + ROOT.len(),
                format!("<div id=\"root\" data-first-paint>{}</div>", drawn.body),
            ));
        }
        if let Some(data) = data {
            edits.push((self.body_end, self.body_end, data.to_string()));
        }
        edits.sort_by_key(|(start, _, _)| *start);
        let extra: usize = edits.iter().map(|(_, _, text)| text.len()).sum();
        let mut page = String::with_capacity(self.html.len() + extra);
        let mut at = 0;
        for (start, end, text) in edits {
            page.push_str(&self.html[at..start]);
            page.push_str(&text);
            at = end;
        }
        page.push_str(&self.html[at..]);
        page
    }
}

/// `<link rel="modulepreload">` for `module`'s chunk and the chunks it imports (from the build's
/// manifest), but for those `html` names already.
fn module_preloads(manifest: &Value, module: &str, html: &str) -> String {
    let mut links = String::new();
    let mut seen = HashSet::new();
    let mut next = vec![module.to_string()];
    while let Some(key) = next.pop() {
        if !seen.insert(key.clone()) {
            continue;
        }
        let Some(chunk) = manifest.get(&key) else {
            continue;
        };
        if let Some(file) = chunk.get("file").and_then(Value::as_str)
            && !html.contains(&format!("/{file}\""))
        {
            links.push_str(&format!(
                "<link rel=\"modulepreload\" crossorigin href=\"/{file}\">"
            ));
        }
        let imports = chunk.get("imports").and_then(Value::as_array);
        next.extend(
            imports
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from),
        );
    }
    links
}

/// The CSP sources (`'sha256-…'`) of the inline scripts and of the inline styles in `html`.
/// Scripts with `src`, and data blocks (`type="application/json"`), run nothing and need none.
fn inline_hashes(html: &str) -> (Vec<String>, Vec<String>) {
    let mut scripts = Vec::new();
    let mut styles = Vec::new();
    for (tag, found) in [("script", &mut scripts), ("style", &mut styles)] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut from = 0;
        while let Some(start) = html[from..].find(&open).map(|at| at + from) {
            let Some(tag_end) = html[start..].find('>').map(|at| at + start) else {
                break;
            };
            let Some(content_end) = html[tag_end..].find(&close).map(|at| at + tag_end) else {
                break;
            };
            let attributes = &html[start + open.len()..tag_end];
            // `<styles…` or `<scripted…` would be other elements.
            let is_element = attributes.is_empty() || attributes.starts_with([' ', '\n', '\t']);
            if is_element && runs(tag, attributes) {
                let digest = Sha256::digest(&html.as_bytes()[tag_end + 1..content_end]);
                found.push(format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                ));
            }
            from = content_end + close.len();
        }
    }
    (scripts, styles)
}

/// Whether an inline element with these attributes is something the policy must allow.
fn runs(tag: &str, attributes: &str) -> bool {
    if tag != "script" {
        return true;
    }
    let attributes = attributes.to_ascii_lowercase();
    if attributes.contains(" src=") {
        return false;
    }
    match attributes.split_once(" type=") {
        None => true,
        Some((_, rest)) => {
            let kind = rest.trim_start_matches(['"', '\'']);
            ["module", "text/javascript", "application/javascript"]
                .iter()
                .any(|script| kind.starts_with(script))
        }
    }
}

/// `policy` with `sources` added to its `directive` (which must be there).
fn with_sources(policy: &str, directive: &str, sources: &[String]) -> String {
    if sources.is_empty() {
        return policy.to_string();
    }
    policy
        .split(';')
        .map(|part| {
            let trimmed = part.trim();
            if trimmed.split_whitespace().next() == Some(directive) {
                format!("{trimmed} {}", sources.join(" "))
            } else {
                trimmed.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'";

    fn head(title: &str) -> Head {
        Head {
            title: title.to_string(),
            ..Head::default()
        }
    }

    fn hash(text: &str) -> String {
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
        )
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_script_and_style() {
        let html = "<html><head><script>applyTheme()</script>\
            <script type=\"module\" crossorigin src=\"/assets/index.js\"></script>\
            <style>body{margin:0}</style></head><body><div id=\"root\"></div></body></html>";
        let shell = Shell::parse(html.to_string(), POLICY, None);
        assert_eq!(
            shell.policy,
            format!(
                "default-src 'self'; script-src 'self' {}; style-src 'self' {}",
                hash("applyTheme()"),
                hash("body{margin:0}")
            )
        );
        assert!(!shell.policy.contains("unsafe-inline"));
    }

    #[test]
    fn data_blocks_and_external_scripts_get_no_hash() {
        let html = "<head><script src=\"/a.js\"></script>\
            <script type=\"application/json\">{}</script></head>";
        assert_eq!(Shell::parse(html.to_string(), POLICY, None).policy, POLICY);
    }

    #[test]
    fn the_first_page_goes_into_root_and_the_data_at_the_end() {
        let html =
            "<html><head><title>Tidings</title></head><body><div id=\"root\"></div></body></html>";
        let shell = Shell::parse(html.to_string(), POLICY, None);
        let drawn = Drawn {
            body: "<main>cards</main>".to_string(),
        };
        assert_eq!(
            shell.page(
                &head("Latest posts · Tidings"),
                Some(&drawn),
                Some("<script type=\"application/json\">{}</script>"),
                false
            ),
            "<html><head><title>Latest posts · Tidings</title></head><body>\
             <div id=\"root\" data-first-paint><main>cards</main></div>\
             <script type=\"application/json\">{}</script></body></html>"
        );
        assert_eq!(shell.page(&head("Tidings"), None, None, false), html);
    }

    #[test]
    fn the_head_replaces_the_title_and_description_and_adds_the_rest() {
        let html = "<head><meta name=\"description\" content=\"Site.\" />\
            <title>Tidings</title></head><body><div id=\"root\"></div></body>";
        let shell = Shell::parse(html.to_string(), POLICY, None);
        let head = Head {
            title: "A post · Tidings".to_string(),
            description: "<meta name=\"description\" content=\"Post.\" />".to_string(),
            elements: "<link rel=\"canonical\" href=\"https://x.org/posts/1\">".to_string(),
        };
        assert_eq!(
            shell.page(&head, None, None, false),
            "<head><meta name=\"description\" content=\"Post.\" />\
             <title>A post · Tidings</title>\
             <link rel=\"canonical\" href=\"https://x.org/posts/1\"></head>\
             <body><div id=\"root\"></div></body>"
        );
    }

    #[test]
    fn a_post_page_preloads_its_route_code_the_shell_does_not_name() {
        let html = "<head><script type=\"module\" src=\"/assets/index-1.js\"></script>\
            <link rel=\"modulepreload\" href=\"/assets/vendor-1.js\"></head><body></body>";
        let manifest = r#"{
            "index.html": {"file": "assets/index-1.js", "imports": ["_vendor-1.js"]},
            "_vendor-1.js": {"file": "assets/vendor-1.js"},
            "_comment-1.js": {"file": "assets/comment-1.js", "imports": ["_vendor-1.js"]},
            "src/pages/post/post.page.tsx": {"file": "assets/post.page-1.js",
                "imports": ["_vendor-1.js", "_comment-1.js"]}
        }"#;
        let shell = Shell::parse(html.to_string(), POLICY, Some(manifest));
        let links = "<link rel=\"modulepreload\" crossorigin href=\"/assets/post.page-1.js\">\
            <link rel=\"modulepreload\" crossorigin href=\"/assets/comment-1.js\">";
        assert_eq!(
            shell.page(&head("Tidings"), None, None, true),
            html.replace("</head>", &format!("{links}</head>"))
        );
        assert_eq!(shell.page(&head("Tidings"), None, None, false), html);
    }
}
