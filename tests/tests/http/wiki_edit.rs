//! Writing the wiki over real HTTP: a page saved is read and searched at once; a stale edit to
//! other lines merges and one to the same lines answers 409 with the typed text intact; history,
//! compare, restore, delete, undelete, back to the built-in text; a note written from a
//! diagnosis; recent changes and their feed.

use crate::support::browser::{add_user, Browser, PASSWORD};
use crate::support::TestServer;
use wiki::Role;

const BODY: &str = "# Zebra allocator\n\nline one\nline two\nline three\n";

async fn editor(site: &TestServer, name: &str) -> Browser {
    add_user(site, name, Role::Editor);
    let browser = Browser::new(site);
    browser.sign_in(name, PASSWORD).await;
    browser
}

/// The fingerprint of the original text an edit form carries (empty when it carries none).
fn original_in(form: &str) -> String {
    form.split(r#"name="original" value=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

fn head(site: &TestServer, slug: &str) -> wiki::Revision {
    let wiki = wiki::Wiki::open(&site.data_dir()).expect("database");
    wiki.head(slug).expect("head").expect("a revision")
}

async fn edit(browser: &Browser, slug: &str, base: i64, body: &str) -> reqwest::Response {
    let base = base.to_string();
    browser
        .post(
            &format!("/kb/{slug}/edit"),
            &[
                ("title", "Zebra allocator"),
                ("lang", "en"),
                ("tags", "lab"),
                ("body", body),
                ("base", &base),
                ("action", "save"),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_page_reads_and_searches_at_once_and_stale_edits_merge_or_conflict() {
    let site = TestServer::start().await;
    let ana = editor(&site, "ana").await;
    let bo = editor(&site, "bo").await;
    let created = ana
        .post(
            "/new",
            &[
                ("slug", "zebra-alloc"),
                ("title", "Zebra allocator"),
                ("lang", "en"),
                ("tags", "lab, allocator"),
                ("addresses", "fragmentation"),
                ("body", BODY),
                ("comment", "first"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 303);
    assert_eq!(
        crate::support::header(&created, "location"),
        "/kb/zebra-alloc"
    );
    let (status, html) = bo.text("/kb/zebra-alloc").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Zebra allocator</h1>"));
    let (_, found) = bo.text("/api/search?q=zebra").await;
    assert!(found.contains("\"slug\":\"zebra-alloc\""), "{found}");
    let first = head(&site, "zebra-alloc").id;

    // ana edits line one; bo, still on the first revision, edits line three: merged
    assert_eq!(
        edit(
            &ana,
            "zebra-alloc",
            first,
            &BODY.replace("line one", "line one (ana)")
        )
        .await
        .status()
        .as_u16(),
        303
    );
    let merged = edit(
        &bo,
        "zebra-alloc",
        first,
        &BODY.replace("line three", "line three (bo)"),
    )
    .await;
    assert_eq!(merged.status().as_u16(), 303);
    let location = crate::support::header(&merged, "location");
    assert!(
        location.starts_with("/kb/zebra-alloc?merged="),
        "{location}"
    );
    let now = head(&site, "zebra-alloc");
    assert!(now.merged);
    assert!(
        now.source
            .contains("line one (ana)\nline two\nline three (bo)\n"),
        "{}",
        now.source
    );
    let (_, page) = bo.text(&location).await;
    assert!(
        page.contains("their changes touched other lines and were merged"),
        "the notice"
    );

    // cy started from the first revision too and changed ana's line: 409, nothing saved
    let cy = editor(&site, "cy").await;
    let typed =
        BODY.replace("line one", "line one <b>(cy)</b> & more") + "\nA long paragraph cy typed.\n";
    let conflict = edit(&cy, "zebra-alloc", first, &typed).await;
    assert_eq!(conflict.status().as_u16(), 409);
    let html = conflict.text().await.expect("body");
    let escaped = typed
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(
        html.contains(&format!(">{escaped}</textarea>")),
        "the typed text is in the box, whole"
    );
    assert!(html.contains("class=\"diff\""), "the other edit as a diff");
    assert!(
        html.contains("(ana)</mark>"),
        "the other edit's words marked"
    );
    assert!(
        html.contains(&format!("name=\"base\" value=\"{}\"", now.id)),
        "the next save starts from the newest"
    );
    assert_eq!(head(&site, "zebra-alloc").id, now.id, "nothing saved");
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_compare_restore_delete_undelete_and_back_to_the_built_in_text() {
    let site = TestServer::start().await;
    let ana = editor(&site, "ana").await;
    // a first edit of a built-in page starts from its text
    let (status, form) = ana.text("/kb/fragmentation/edit").await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"fragmentation\""), "the slug");
    assert!(
        form.contains("This page ships with oomlens"),
        "where the text comes from"
    );
    let marker = "A lab line about kangarooflag.";
    let saved = ana
        .post(
            "/kb/fragmentation/edit",
            &[
                ("title", "Memory fragmentation"),
                ("lang", "en"),
                ("body", &format!("# Memory fragmentation\n\n{marker}\n")),
                ("comment", "our note"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status().as_u16(), 303);
    let (_, hits) = ana.text("/api/search?q=kangarooflag").await;
    assert!(hits.contains("\"slug\":\"fragmentation\""), "{hits}");
    let (_, page) = ana.text("/kb/fragmentation").await;
    assert!(page.contains(marker));
    assert!(
        page.contains("/kb/fragmentation/revert"),
        "back to the original is offered"
    );
    assert!(
        page.contains("shows over the built-in or folder version"),
        "where the text comes from"
    );

    let (status, history) = ana.text("/kb/fragmentation/history").await;
    assert_eq!(status, 200);
    assert!(
        history.contains("our note") && history.contains(">ana<"),
        "author and comment"
    );
    assert!(
        history.contains(">edited (over the original)<"),
        "the first wiki text over a built-in page edited it, it did not make it"
    );
    let (_, recent) = ana.text("/recent").await;
    assert!(recent.contains("edited (over the original)"));
    let first = head(&site, "fragmentation").id;

    // back to the built-in text: the marker is gone from the page and from search
    assert_eq!(
        ana.post("/kb/fragmentation/revert", &[])
            .await
            .status()
            .as_u16(),
        303
    );
    let (_, page) = ana.text("/kb/fragmentation").await;
    assert!(!page.contains(marker));
    let (_, hits) = ana.text("/api/search?q=kangarooflag").await;
    assert!(!hits.contains("\"slug\":\"fragmentation\""), "{hits}");
    let reverted = head(&site, "fragmentation").id;
    let (status, compare) = ana
        .text(&format!(
            "/kb/fragmentation/compare?from={first}&to={reverted}"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(compare.contains("class=\"diff-removed\"") && compare.contains("kangarooflag"));

    // restoring the edit is a new revision with its text
    let id = first.to_string();
    assert_eq!(
        ana.post("/kb/fragmentation/restore", &[("revision", &id)])
            .await
            .status()
            .as_u16(),
        303
    );
    let restored = head(&site, "fragmentation");
    assert!(restored.id > reverted && restored.source.contains(marker));

    // soft delete: 410, gone from search; undelete brings the same text back
    assert_eq!(
        ana.post("/kb/fragmentation/delete", &[])
            .await
            .status()
            .as_u16(),
        303
    );
    let (status, gone) = ana.text("/kb/fragmentation").await;
    assert_eq!(status, 410);
    assert!(gone.contains("/kb/fragmentation/undelete"));
    let (_, hits) = ana.text("/api/search?q=kangarooflag").await;
    assert!(!hits.contains("\"slug\":\"fragmentation\""));
    assert_eq!(
        ana.post("/kb/fragmentation/undelete", &[])
            .await
            .status()
            .as_u16(),
        303
    );
    let (status, page) = ana.text("/kb/fragmentation").await;
    assert_eq!(status, 200);
    assert!(page.contains(marker));
    let (_, history) = ana.text("/kb/fragmentation/history").await;
    assert!(
        history.contains(">undeleted<"),
        "the history says what the revision did"
    );
    // an unknown revision or page is a 404, not a 500
    assert_eq!(
        ana.post("/kb/fragmentation/restore", &[("revision", "99999")])
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        ana.post("/kb/no-such-page/undelete", &[])
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        ana.get("/kb/fragmentation/compare?from=1&to=99999")
            .await
            .status()
            .as_u16(),
        404
    );
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lab_note_is_written_from_a_diagnosis_and_shows_in_recent_changes() {
    let site = TestServer::start().await;
    let ana = editor(&site, "ana").await;
    let pasted = "epoch 3 step 120\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.10 GiB is free. Of the allocated memory 18.00 GiB is allocated by PyTorch, and 3.50 GiB is reserved by PyTorch but unallocated.";
    let posted = ana.post("/diagnose", &[("text", pasted)]).await;
    let result = crate::support::header(&posted, "location");
    let (_, page) = ana.text(&result).await;
    let id = result.trim_start_matches("/d/");
    assert!(
        page.contains(&format!("href=\"/new?from={id}\"")),
        "the button"
    );
    let (status, form) = ana.text(&format!("/new?from={id}")).await;
    assert_eq!(status, 200);
    assert!(
        form.contains("Lab note: "),
        "a title from the first finding"
    );
    assert!(form.contains("fragmentation"), "the findings' ids");
    assert!(
        form.contains("```text\nepoch 3 step 120\ntorch.OutOfMemoryError"),
        "the error in a code block"
    );
    assert!(form.contains("## What fixed it"));
    // preview renders without saving
    let preview = ana
        .post(
            "/new",
            &[
                ("slug", "our-oom"),
                ("title", "Our OOM"),
                ("lang", "en"),
                ("body", "# Our OOM\n\n**Fixed** by a smaller batch.\n"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(preview.status().as_u16(), 200);
    assert!(preview
        .text()
        .await
        .expect("body")
        .contains("<strong>Fixed</strong>"));
    assert!(wiki::Wiki::open(&site.data_dir())
        .expect("db")
        .head("our-oom")
        .expect("head")
        .is_none());
    // a bad slug is named, with the text kept
    let bad = ana
        .post(
            "/new",
            &[
                ("slug", "Our OOM!"),
                ("title", "Our OOM"),
                ("lang", "en"),
                ("body", "kept text"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let html = bad.text().await.expect("body");
    assert!(html.contains("invalid slug") && html.contains(">kept text</textarea>"));
    // a slug the library has is taken
    let taken = ana
        .post(
            "/new",
            &[
                ("slug", "fragmentation"),
                ("title", "Mine"),
                ("lang", "en"),
                ("body", "x"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(taken.status().as_u16(), 422);
    assert_eq!(
        ana.post(
            "/new",
            &[
                ("slug", "our-oom"),
                ("title", "Our OOM"),
                ("lang", "en"),
                ("body", "# Our OOM\n"),
                ("comment", "from a diagnosis"),
                ("action", "save")
            ]
        )
        .await
        .status()
        .as_u16(),
        303
    );
    let (_, recent) = ana.text("/recent").await;
    assert!(recent.contains("href=\"/kb/our-oom\"") && recent.contains("from a diagnosis"));
    let feed = ana.get("/recent.atom").await;
    assert_eq!(
        crate::support::header(&feed, "content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let xml = feed.text().await.expect("feed");
    assert!(
        xml.starts_with("<?xml") && xml.contains("<feed") && xml.contains("/kb/our-oom"),
        "{xml}"
    );
    assert!(xml.contains("<name>ana</name>"));
    site.stop().await;
}

/// A save from a form opened before the page was deleted, or from a revision the wiki does not
/// hold (a form opened before a restore from an older backup), is refused with the text kept,
/// and goes through when saved again knowing it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_deleted_meanwhile_or_an_unknown_base_is_a_conflict_that_keeps_the_text() {
    let site = TestServer::start().await;
    let ana = editor(&site, "ana").await;
    let dana = editor(&site, "dana").await;
    let created = ana
        .post(
            "/new",
            &[
                ("slug", "zebra-alloc"),
                ("title", "Zebra allocator"),
                ("lang", "en"),
                ("body", BODY),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 303);
    let first = head(&site, "zebra-alloc").id;
    let deleted = dana.post("/kb/zebra-alloc/delete", &[]).await;
    assert_eq!(deleted.status().as_u16(), 303);
    let gone = head(&site, "zebra-alloc");
    assert_eq!(gone.state, wiki::State::Deleted);

    // ana saves her form as it was: not brought back empty and "merged", but refused
    let refused = edit(&ana, "zebra-alloc", first, BODY).await;
    assert_eq!(refused.status().as_u16(), 409);
    let html = refused.text().await.expect("body");
    assert!(
        html.contains("Someone deleted this page while you were editing"),
        "{html}"
    );
    assert!(html.contains("dana deleted this page"));
    assert!(
        html.contains(&format!(">{BODY}</textarea>")),
        "the text kept"
    );
    assert!(html.contains(&format!("name=\"base\" value=\"{}\"", gone.id)));
    assert_eq!(head(&site, "zebra-alloc").id, gone.id, "nothing saved");
    // the form of a deleted page says what saving does
    let (_, form) = ana.text("/kb/zebra-alloc/edit").await;
    assert!(form.contains("This page is deleted. Saving brings it back"));
    // saved again, knowing: back, with her text
    let back = edit(&ana, "zebra-alloc", gone.id, BODY).await;
    assert_eq!(back.status().as_u16(), 303);
    assert_eq!(crate::support::header(&back, "location"), "/kb/zebra-alloc");
    let now = head(&site, "zebra-alloc");
    assert_eq!(now.state, wiki::State::Live);
    assert!(now.source.contains("line one\nline two\nline three\n"));

    // a base the wiki does not hold, and one from another page: 409, not 500, text kept
    let mine = BODY.replace("line two", "line two (ana)");
    for base in [now.id + 1000, 1] {
        let base = if base == 1 {
            let other = ana
                .post(
                    "/new",
                    &[
                        ("slug", "other-page"),
                        ("title", "Other"),
                        ("lang", "en"),
                        ("body", "x\n"),
                        ("action", "save"),
                    ],
                )
                .await;
            assert_eq!(other.status().as_u16(), 303);
            head(&site, "other-page").id
        } else {
            base
        };
        let unknown = edit(&ana, "zebra-alloc", base, &mine).await;
        assert_eq!(unknown.status().as_u16(), 409, "base {base}");
        let html = unknown.text().await.expect("body");
        assert!(html.contains("This form started from a revision the wiki does not have"));
        assert!(html.contains("line two (ana)\nline three"), "the text kept");
        assert!(
            html.contains("(ana)</mark>"),
            "how it differs from the page now"
        );
        assert_eq!(head(&site, "zebra-alloc").id, now.id, "nothing saved");
    }
    site.stop().await;
}

/// A page rewritten whole compares within the bound: the first lines listed, the rest counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_comparison_lists_up_to_the_bound_and_says_so() {
    let site = TestServer::start().await;
    let ana = editor(&site, "ana").await;
    let old: String = (0..1_500).map(|i| format!("old line {i}\n")).collect();
    let new: String = (0..1_500).map(|i| format!("new line {i}\n")).collect();
    let created = ana
        .post(
            "/new",
            &[
                ("slug", "long-page"),
                ("title", "Long"),
                ("lang", "en"),
                ("body", &old),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 303);
    let first = head(&site, "long-page").id;
    assert_eq!(
        edit(&ana, "long-page", first, &new).await.status().as_u16(),
        303
    );
    let second = head(&site, "long-page").id;
    let (status, html) = ana
        .text(&format!("/kb/long-page/compare?from={first}&to={second}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("old line 0") && html.contains("new line 0"));
    assert!(
        !html.contains("new line 1499"),
        "past the bound: counted, not listed"
    );
    assert!(html.contains("its first 2000 lines are above, and 1009 more changed lines"));
    site.stop().await;
}

/// The edit form of a built-in page carries the fingerprint of the text it shows; a save whose
/// fingerprint is not the original's now (the file changed meanwhile) is a 409 that keeps the
/// text, and the form it returns saves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_of_an_original_that_changed_meanwhile_is_a_conflict() {
    let site = TestServer::start().await;
    let ana = editor(&site, "ana").await;
    let (_, form) = ana.text("/kb/fragmentation/edit").await;
    let seen = original_in(&form);
    assert_eq!(seen.len(), 16, "a fingerprint in the form");
    let body = "# Fragmentation\n\nOur own words.\n";
    let fields = [
        ("title", "Fragmentation"),
        ("lang", "en"),
        ("body", body),
        ("action", "save"),
    ];
    let stale = [&fields[..], &[("original", "0000000000000000")]].concat();
    let refused = ana.post("/kb/fragmentation/edit", &stale).await;
    assert_eq!(refused.status().as_u16(), 409);
    let html = refused.text().await.expect("body");
    assert!(html.contains("The page's original text changed while you were editing"));
    assert!(
        html.contains(&format!(">{body}</textarea>")),
        "the text kept"
    );
    assert!(
        html.contains(&format!(r#"name="original" value="{seen}""#)),
        "the form now starts from the text as it is"
    );
    let again = [&fields[..], &[("original", seen.as_str())]].concat();
    assert_eq!(
        ana.post("/kb/fragmentation/edit", &again)
            .await
            .status()
            .as_u16(),
        303
    );
    site.stop().await;
}

/// Small things a person meets: an empty `before` is the first page of recent changes and a page
/// past the oldest says there is nothing earlier; going back to the original twice writes one
/// revision; an empty title or slug is named in the form's words; "New page" is offered only to
/// those who may write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recent_changes_paging_a_second_revert_and_empty_fields() {
    let site = TestServer::start().await;
    let anonymous = crate::support::browser::Browser::new(&site);
    let (status, page) = anonymous.text("/recent?before=").await;
    assert_eq!(status, 200);
    assert!(page.contains("Nobody has edited the wiki yet."));
    assert!(
        !page.contains(r#"<a href="/new">"#),
        "not offered to a reader"
    );
    assert_eq!(anonymous.text("/recent?before=x").await.0, 400);

    let ana = editor(&site, "ana").await;
    let (_, page) = ana.text("/recent").await;
    assert!(page.contains(r#"<a href="/new">New page</a>"#));
    // the first wiki text over a built-in page (base 0 is no revision: nothing to overwrite)
    let first = edit(&ana, "fragmentation", 0, "# Ours\n\ntext\n").await;
    assert_eq!(first.status().as_u16(), 303);
    for _ in 0..2 {
        assert_eq!(
            ana.post("/kb/fragmentation/revert", &[])
                .await
                .status()
                .as_u16(),
            303
        );
    }
    let wiki = wiki::Wiki::open(&site.data_dir()).expect("database");
    assert_eq!(
        wiki.history("fragmentation").expect("history").len(),
        2,
        "one revert written"
    );
    let newest = wiki.recent(50, None).expect("recent")[0].id;
    let (_, older) = ana.text(&format!("/recent?before={}", newest - 1)).await;
    assert!(older.contains("No earlier changes."), "{older}");

    let empty = ana
        .post(
            "/new",
            &[
                ("slug", ""),
                ("title", " "),
                ("lang", "en"),
                ("body", "x"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(empty.status().as_u16(), 422);
    let html = empty.text().await.expect("body");
    assert!(html.contains("the page needs a title"));
    assert!(html.contains("the page needs a slug: the last part of its address"));
    site.stop().await;
}
