//! Snapshots (insta) a reviewer reads to see what a change does: the API's JSON for five corpus
//! cases, one per framework family, and the outline of the diagnosis page (its elements, classes
//! and ids, no text). A change that moves them fails here until the new snapshot is accepted
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test -p tests --test http -- snapshots::` and read
//! the diff in `tests/tests/http/snapshots/`).

use std::path::Path;

use crate::support::TestServer;

/// The cases: `tests/fixtures/corpus-sample/cases/{id}.txt` (machine output from the corpus).
const CASES: &[(&str, &str)] = &[
    ("002", "pytorch"),
    ("066", "tensorflow"),
    ("086", "jax"),
    ("102", "llamacpp"),
    ("109", "host-oom"),
];

fn case(id: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/corpus-sample/cases")
        .join(format!("{id}.txt"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn api_json_of_five_corpus_cases() {
    let site = TestServer::start().await;
    for (id, family) in CASES {
        let response = site
            .client
            .post(site.url("/api/diagnose"))
            .header("content-type", "text/plain")
            .body(case(id))
            .send()
            .await
            .expect("POST succeeds");
        assert_eq!(response.status(), 200, "{id}");
        let json: serde_json::Value = response.json().await.expect("JSON");
        let pretty = serde_json::to_string_pretty(&json).expect("serializes");
        insta::assert_snapshot!(format!("api_{id}_{family}"), pretty);
    }
    site.stop().await;
}

/// Void elements never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The page's elements, one per line, indented by depth: `tag.class.class#id`. Text, other
/// attributes and the paste's id are left out, so the outline changes only when the structure does.
fn outline(html: &str) -> String {
    let tag =
        regex::Regex::new(r#"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>"#)
            .expect("valid regex");
    let class = regex::Regex::new(r#"\bclass="([^"]*)""#).expect("valid regex");
    let id = regex::Regex::new(r#"\bid="([^"]*)""#).expect("valid regex");
    let mut out = String::new();
    let mut depth = 0usize;
    let body = html.find("<body").map_or(html, |start| &html[start..]);
    for caps in tag.captures_iter(body) {
        let name = caps[2].to_ascii_lowercase();
        if &caps[1] == "/" {
            depth = depth.saturating_sub(1);
            continue;
        }
        let attrs = &caps[3];
        let mut line = format!("{}{name}", "  ".repeat(depth));
        if let Some(c) = class.captures(attrs) {
            for part in c[1].split_whitespace() {
                line.push('.');
                line.push_str(part);
            }
        }
        if let Some(i) = id.captures(attrs) {
            line.push('#');
            line.push_str(&i[1]);
        }
        out.push_str(&line);
        out.push('\n');
        if !VOID.contains(&name.as_str()) && &caps[4] != "/" {
            depth += 1;
        }
    }
    out
}

#[tokio::test]
async fn diagnosis_page_outline() {
    let site = TestServer::start().await;
    let saved = site
        .client
        .post(site.url("/diagnose"))
        .form(&site.csrf_fields(&[("text", case("002").as_str())]).await)
        .send()
        .await
        .expect("POST succeeds");
    assert_eq!(saved.status(), 303);
    let location = crate::support::header(&saved, "location");
    let page = site.get(&location).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("body");
    let id = location.trim_start_matches("/d/");
    insta::assert_snapshot!("diagnosis_page_outline", outline(&html).replace(id, "ID"));
    site.stop().await;
}
