//! The lab's own notes: served beside the built-in pages, listed under a diagnosis, and followed live
//! while the server runs (edit, add, delete).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{header, TestServer};

/// How long the test waits for a change to reach search before failing. Speed is not asserted here
/// (a loaded CI machine is not a benchmark): the times are printed, and BENCHMARKS.md records them.
const POLL_DEADLINE: Duration = Duration::from_secs(10);

fn note(slug: &str, title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\nslug: {slug}\nlang: en\ntags: [lab]\naddresses: [fragmentation]\nsummary: \"{title}\"\n---\n\n# {title}\n\n{body}\n")
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write note");
}

async fn search_slugs(site: &TestServer, query: &str) -> Vec<String> {
    let json: serde_json::Value = site
        .get(&format!("/api/search?q={query}&limit=50"))
        .await
        .json()
        .await
        .expect("json");
    json["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|hit| hit["slug"].as_str().map(str::to_string))
        .collect()
}

/// Polls search until `check` holds; returns how long it took.
async fn wait_for(site: &TestServer, query: &str, check: impl Fn(&[String]) -> bool) -> Duration {
    let started = Instant::now();
    loop {
        if check(&search_slugs(site, query).await) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < POLL_DEADLINE,
            "search did not follow the change for {query:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn lab_notes_are_pages_and_appear_under_a_diagnosis() {
    let content = tempfile::tempdir().expect("content dir");
    write(
        content.path(),
        "defrag.md",
        &note(
            "lab-defrag",
            "Our cluster's allocator settings",
            "When a diagnosis on the A100 nodes says fragmentation, we export zebracorn_alloc before torchrun.",
        ),
    );
    let dir = content.path().to_path_buf();
    let site = TestServer::start_with(move |config| config.content.dirs = vec![dir]).await;

    let page = site.get("/kb/lab-defrag").await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.expect("body").contains("lab note"));
    assert_eq!(
        search_slugs(&site, "zebracorn_alloc").await,
        vec!["lab-defrag".to_string()]
    );

    let posted = site
        .client
        .post(site.url("/diagnose"))
        .form(&site.csrf_fields(&[("text", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 7.64 GiB of which 1.44 GiB is free. Of the allocated memory 2.12 GiB is allocated by PyTorch, and 3.15 GiB is reserved by PyTorch but unallocated.")]).await)
        .send()
        .await
        .expect("POST");
    let html = site
        .get(&header(&posted, "location"))
        .await
        .text()
        .await
        .expect("body");
    let section = html
        .split("From your lab&#x27;s notes")
        .nth(1)
        .or_else(|| html.split("From your lab's notes").nth(1))
        .expect("a lab-notes section");
    assert!(section.contains("/kb/lab-defrag"), "the lab note is listed");
    site.stop().await;
}

#[tokio::test]
async fn search_follows_edits_additions_and_deletions_while_running() {
    let content = tempfile::tempdir().expect("content dir");
    write(
        content.path(),
        "one.md",
        &note("lab-one", "First note", "mentions quokkafrag only"),
    );
    let dir = content.path().to_path_buf();
    let site = TestServer::start_with(move |config| config.content.dirs = vec![dir]).await;
    assert_eq!(
        search_slugs(&site, "quokkafrag").await,
        vec!["lab-one".to_string()]
    );

    // Edit: the word moves out of the note, another comes in.
    write(
        content.path(),
        "one.md",
        &note("lab-one", "First note", "now mentions wombatsplit"),
    );
    let edited = wait_for(&site, "wombatsplit", |slugs| slugs == ["lab-one"]).await;
    assert!(
        search_slugs(&site, "quokkafrag").await.is_empty(),
        "the old text is gone"
    );

    // Add a second note.
    write(
        content.path(),
        "two.md",
        &note("lab-two", "Second note", "also wombatsplit here"),
    );
    let added = wait_for(&site, "wombatsplit", |slugs| slugs.len() == 2).await;

    // Delete the first.
    std::fs::remove_file(content.path().join("one.md")).expect("delete");
    let deleted = wait_for(&site, "wombatsplit", |slugs| slugs == ["lab-two"]).await;
    assert_eq!(site.get("/kb/lab-one").await.status().as_u16(), 404);

    println!("search followed: edit {edited:?}, add {added:?}, delete {deleted:?}");
    site.stop().await;
}

/// A lab folder of 130 notes under one tag: the overview shows the first 12 and links to the rest;
/// the tag's own page lists them 100 at a time.
#[tokio::test]
async fn a_large_tag_is_previewed_and_paged() {
    let content = tempfile::tempdir().expect("content dir");
    let dir = content.path().join("bulk");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..130 {
        let text = format!("# Bulk note {i:03}\n\nIncident {i} on the shared nodes.\n");
        std::fs::write(dir.join(format!("note-{i:03}.md")), text).expect("write note");
    }
    let root = content.path().to_path_buf();
    let site = TestServer::start_with(move |config| config.content.dirs = vec![root]).await;
    let count = |html: &str, needle: &str| html.matches(needle).count();

    let overview = site.get("/kb?lang=en").await.text().await.expect("body");
    assert_eq!(count(&overview, "href=\"/kb/bulk-note-"), 12, "{overview}");
    assert!(overview.contains("Bulk note 011"));
    assert!(!overview.contains("Bulk note 012"));
    assert!(overview.contains(r#"<a href="/kb?lang=en&amp;tag=bulk">All 130 pages →</a>"#));

    let first = site.get("/kb?lang=en&tag=bulk").await;
    assert_eq!(first.status().as_u16(), 200);
    let first = first.text().await.expect("body");
    assert_eq!(count(&first, "href=\"/kb/bulk-note-"), 100);
    assert!(first.contains("130 pages tagged bulk."));
    assert!(first.contains("Page 1 of 2"));
    assert!(first.contains(r#"rel="next" href="/kb?lang=en&amp;tag=bulk&amp;page=2""#));

    let second = site
        .get("/kb?lang=en&tag=bulk&page=2")
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(count(&second, "href=\"/kb/bulk-note-"), 30);
    assert!(second.contains("Bulk note 129"));
    assert!(second.contains(r#"rel="prev" href="/kb?lang=en&amp;tag=bulk""#));
    // Past the end: the last page.
    let far = site
        .get("/kb?lang=en&tag=bulk&page=99")
        .await
        .text()
        .await
        .expect("body");
    assert!(far.contains("Page 2 of 2"));

    let none = site
        .get("/kb?lang=en&tag=no-such-tag")
        .await
        .text()
        .await
        .expect("body");
    assert!(none.contains("No page in this language is tagged no-such-tag."));
}

#[tokio::test]
async fn a_lab_pattern_teaches_the_site_an_error_and_links_its_note() {
    let content = tempfile::tempdir().expect("content dir");
    write(
        content.path(),
        "arena.md",
        "---\ntitle: \"Arena exhaustion on our TPU pods\"\nslug: tpu-arena\nlang: en\ntags: [lab]\n\
         addresses: []\nsummary: \"What the arena message means on our pods.\"\n\
         patterns:\n  - 'ArenaAllocator: pool \\w+ exhausted'\n---\n\n# Arena exhaustion\n\nLower the per-core batch.\n",
    );
    let dir = content.path().to_path_buf();
    let site = TestServer::start_with(move |config| config.content.dirs = vec![dir]).await;
    let text = "step 12 loss 1.2\nArenaAllocator: pool hbm0 exhausted while reserving 4 MiB\n";
    let page = site.get(&site.paste(text).await).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("body");
    assert!(
        html.contains("<h1>Line 2 matches a pattern from your lab&#x27;s notes</h1>")
            || html.contains("<h1>Line 2 matches a pattern from your lab's notes</h1>"),
        "the headline names the line"
    );
    let finding = html
        .split("id=\"finding-lab-note\"")
        .nth(1)
        .expect("a lab-note finding");
    let first_guide = finding
        .split("<li class=\"guide\"><a href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next());
    assert_eq!(first_guide, Some("/kb/tpu-arena"));
    site.stop().await;
}
