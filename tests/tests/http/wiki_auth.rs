//! Who may change the wiki, over real HTTP: every mutating route for an anonymous reader, a
//! viewer, an editor and an admin, with the exact status each gets; forms without the reader's
//! CSRF token; sign-in throttling; the read and paste settings. What the lab's proxy may say is
//! in `proxy`.

use crate::support::browser::{add_user, Browser, PASSWORD};
use crate::support::TestServer;
use wiki::Role;

const PAGE: &[(&str, &str)] = &[
    ("title", "Matrix page"),
    ("lang", "en"),
    ("tags", "lab"),
    ("body", "# Matrix page\n\nText.\n"),
    ("action", "save"),
];

/// A browser signed in as a new user of `role` (or anonymous for `None`).
async fn as_role(site: &TestServer, role: Option<Role>) -> Browser {
    let browser = Browser::new(site);
    if let Some(role) = role {
        let name = format!("{}-user", role.as_str());
        add_user(site, &name, role);
        browser.sign_in(&name, PASSWORD).await;
    }
    browser
}

/// Makes page `slug` with one revision, and returns that revision's id.
async fn page(site: &TestServer, admin: &Browser, slug: &str) -> String {
    let mut fields = PAGE.to_vec();
    fields.push(("slug", slug));
    let response = admin.post("/new", &fields).await;
    assert_eq!(response.status().as_u16(), 303, "{slug} created");
    let wiki = wiki::Wiki::open(&site.data_dir()).expect("database");
    wiki.head(slug)
        .expect("head")
        .expect("a revision")
        .id
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mutating_route_answers_each_role_with_its_status() {
    let site = TestServer::start().await;
    let admin = as_role(&site, Some(Role::Admin)).await;
    let roles = [
        ("anonymous", None, 401),
        ("viewer", Some(Role::Viewer), 403),
        ("editor", Some(Role::Editor), 303),
        ("admin", Some(Role::Admin), 303),
    ];
    for (who, role, wiki_status) in roles {
        let browser = match role {
            // the admin above stays signed in to make the pages
            Some(Role::Admin) => as_role_named(&site, "second-admin", Role::Admin).await,
            _ => as_role(&site, role).await,
        };
        let slug = format!("matrix-{who}");
        let first = page(&site, &admin, &slug).await;
        let edited = [
            ("title", "Matrix page"),
            ("lang", "en"),
            ("body", "# Matrix page\n\nEdited.\n"),
            ("base", first.as_str()),
            ("action", "save"),
        ];
        let new_slug = format!("new-{who}");
        let mut new_page = PAGE.to_vec();
        new_page.push(("slug", &new_slug));
        let routes: Vec<(String, Vec<(&str, &str)>)> = vec![
            ("/new".into(), new_page),
            (format!("/kb/{slug}/edit"), edited.to_vec()),
            (
                format!("/kb/{slug}/restore"),
                vec![("revision", first.as_str())],
            ),
            (format!("/kb/{slug}/delete"), vec![]),
            (format!("/kb/{slug}/undelete"), vec![]),
            ("/kb/fragmentation/delete".into(), vec![]),
            ("/kb/fragmentation/undelete".into(), vec![]),
        ];
        for (path, fields) in routes {
            let status = browser.post(&path, &fields).await.status().as_u16();
            assert_eq!(status, wiki_status, "{who} POST {path}");
        }
        // back to the original: only an editor's edit of a built-in page has one to go back to
        if wiki_status == 303 {
            let original = browser
                .post("/kb/fragmentation/revert", &[])
                .await
                .status()
                .as_u16();
            assert_eq!(original, 303, "{who} reverts fragmentation");
        } else {
            let status = browser
                .post("/kb/fragmentation/revert", &[])
                .await
                .status()
                .as_u16();
            assert_eq!(status, wiki_status, "{who} POST revert");
        }
        // everyone may paste (open by default) and sign out
        let paste = browser
            .post("/diagnose", &[("text", "CUDA out of memory")])
            .await
            .status()
            .as_u16();
        assert_eq!(paste, 303, "{who} pastes");
        let out = browser.post("/signout", &[]).await.status().as_u16();
        assert_eq!(out, 303, "{who} signs out");
    }
    site.stop().await;
}

async fn as_role_named(site: &TestServer, name: &str, role: Role) -> Browser {
    add_user(site, name, role);
    let browser = Browser::new(site);
    browser.sign_in(name, PASSWORD).await;
    browser
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_without_the_readers_token_is_refused_and_changes_nothing() {
    let site = TestServer::start().await;
    let editor = as_role(&site, Some(Role::Editor)).await;
    let first = page(&site, &editor, "csrf-page").await;
    let other = Browser::new(&site);
    let someone_elses = other.token("/").await;
    let routes = [
        (
            "/new",
            vec![
                ("slug", "csrf-new"),
                ("title", "T"),
                ("lang", "en"),
                ("body", "x"),
                ("action", "save"),
            ],
        ),
        (
            "/kb/csrf-page/edit",
            vec![
                ("title", "T"),
                ("lang", "en"),
                ("body", "changed"),
                ("base", first.as_str()),
                ("action", "save"),
            ],
        ),
        ("/kb/csrf-page/delete", vec![]),
        ("/kb/csrf-page/restore", vec![("revision", first.as_str())]),
        ("/signout", vec![]),
    ];
    for (path, fields) in &routes {
        for token in [
            None,
            Some("0".repeat(64).as_str()),
            Some(someone_elses.as_str()),
        ] {
            let status = editor
                .post_with(path, fields, token)
                .await
                .status()
                .as_u16();
            assert_eq!(status, 403, "POST {path} with token {token:?}");
        }
    }
    // nothing changed: one revision, the page shown, still signed in
    let wiki = wiki::Wiki::open(&site.data_dir()).expect("database");
    assert_eq!(wiki.history("csrf-page").expect("history").len(), 1);
    assert!(wiki.head("csrf-new").expect("head").is_none());
    let (_, html) = editor.text("/").await;
    assert!(html.contains("class=\"account-name\""), "still signed in");
    // the paste form and the sign-in form check it too
    let anonymous = Browser::new(&site);
    assert_eq!(
        anonymous
            .post_with("/diagnose", &[("text", "CUDA out of memory")], None)
            .await
            .status()
            .as_u16(),
        403
    );
    add_user(&site, "late", Role::Editor);
    assert_eq!(
        anonymous
            .post_with(
                "/signin",
                &[("name", "late"), ("password", PASSWORD)],
                Some(&"1".repeat(64))
            )
            .await
            .status()
            .as_u16(),
        403
    );
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_throttled_per_account() {
    let site = TestServer::start().await;
    add_user(&site, "ana", Role::Editor);
    let browser = Browser::new(&site);
    for attempt in 1..=5 {
        let status = browser
            .post(
                "/signin",
                &[("name", "ana"), ("password", "wrong password")],
            )
            .await
            .status()
            .as_u16();
        assert_eq!(status, 401, "attempt {attempt}");
    }
    let refused = browser
        .post("/signin", &[("name", "ana"), ("password", PASSWORD)])
        .await;
    assert_eq!(refused.status().as_u16(), 429);
    assert!(crate::support::header(&refused, "retry-after")
        .parse::<u64>()
        .is_ok_and(|s| s > 0 && s <= 900));
    // another account from the same address still signs in
    add_user(&site, "bo", Role::Editor);
    browser.sign_in("bo", PASSWORD).await;
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_and_pasting_can_need_signing_in() {
    let site = TestServer::start_with(|config| {
        config.access.read = server::auth::Access::SignedIn;
        config.access.paste = server::auth::Access::SignedIn;
    })
    .await;
    let anonymous = Browser::new(&site);
    let kb = anonymous.get("/kb/fragmentation").await;
    assert_eq!(kb.status().as_u16(), 303);
    assert_eq!(
        crate::support::header(&kb, "location"),
        "/signin?next=%2Fkb%2Ffragmentation"
    );
    assert_eq!(
        anonymous
            .get("/api/search?q=fragmentation")
            .await
            .status()
            .as_u16(),
        401
    );
    assert_eq!(anonymous.get("/search?q=x").await.status().as_u16(), 303);
    assert_eq!(
        anonymous
            .post("/diagnose", &[("text", "CUDA out of memory")])
            .await
            .status()
            .as_u16(),
        401
    );
    // the home page and signing in stay open
    assert_eq!(anonymous.get("/").await.status().as_u16(), 200);
    add_user(&site, "vic", Role::Viewer);
    anonymous.sign_in("vic", PASSWORD).await;
    assert_eq!(
        anonymous.get("/kb/fragmentation").await.status().as_u16(),
        200
    );
    assert_eq!(
        anonymous
            .post("/diagnose", &[("text", "CUDA out of memory")])
            .await
            .status()
            .as_u16(),
        303
    );
    site.stop().await;
}

/// With reading closed and pasting open, a diagnosis shown to someone who may not read the wiki
/// is made against the built-in library alone: the lab's notes (their titles, summaries and the
/// lines their `patterns:` teach) are the wiki's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagnosis_shows_the_lab_notes_only_to_readers_of_the_wiki() {
    let site = TestServer::start_with(|config| {
        config.access.read = server::auth::Access::SignedIn;
    })
    .await;
    let editor = as_role_named(&site, "ed", Role::Editor).await;
    let note = editor
        .post(
            "/new",
            &[
                ("slug", "falcon-oom"),
                ("title", "Falcon cluster OOM"),
                ("lang", "en"),
                ("summary", "Project Falcon: the shared A100s"),
                ("patterns", "falcon-trainer: out of memory"),
                ("addresses", "near-capacity"),
                ("body", "# Falcon\n\nAsk the on-call.\n"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(note.status().as_u16(), 303);
    let log = "falcon-trainer: out of memory on node 7\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.20 GiB is free.\n";

    let anonymous = Browser::new(&site);
    let pasted = anonymous.post("/diagnose", &[("text", log)]).await;
    assert_eq!(pasted.status().as_u16(), 303);
    let result = crate::support::header(&pasted, "location");
    let (status, shown) = anonymous.text(&result).await;
    assert_eq!(status, 200);
    assert!(
        shown.contains("/kb/activation-memory"),
        "built-in guides stay: {shown}"
    );
    for secret in ["Falcon", "falcon-oom"] {
        assert!(
            !shown.contains(secret),
            "{secret} shown to a reader who may not read"
        );
    }
    let api = anonymous
        .client
        .post(anonymous.url("/api/diagnose"))
        .header("content-type", "text/plain")
        .body(log)
        .send()
        .await
        .expect("POST");
    assert_eq!(api.status().as_u16(), 200);
    let json = api.text().await.expect("body");
    assert!(
        !json.contains("falcon-oom") && !json.contains("lab-note"),
        "{json}"
    );

    // the editor, who may read, sees the note and the line it teaches
    let (_, theirs) = editor.text(&result).await;
    assert!(theirs.contains("/kb/falcon-oom"), "{theirs}");
    site.stop().await;
}

/// A save refused before it is looked at (signed out meanwhile, a form from an earlier
/// sign-in, an account that may not edit, reading closed to the signed-out) answers with the
/// form and the whole typed text in it; saved again with the fresh form, it goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_save_keeps_the_typed_text() {
    let site = TestServer::start_with(|config| {
        config.access.read = server::auth::Access::SignedIn;
    })
    .await;
    let typed = "# Notes\n\nA long paragraph <b>typed</b> & kept.\n";
    let kept = format!(
        ">{}</textarea>",
        typed
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    );
    let fields = |slug: &'static str| {
        vec![
            ("slug", slug),
            ("title", "Notes"),
            ("lang", "en"),
            ("body", typed),
            ("action", "save"),
        ]
    };

    // signed out in another tab after opening the form
    let ed = as_role_named(&site, "ed", Role::Editor).await;
    let token = ed.token("/new").await;
    assert_eq!(ed.post("/signout", &[]).await.status().as_u16(), 303);
    let out = ed.post_with("/new", &fields("kept-a"), Some(&token)).await;
    assert_eq!(out.status().as_u16(), 401);
    let html = out.text().await.expect("body");
    assert!(
        html.contains("You are signed out: nothing was saved"),
        "{html}"
    );
    assert!(html.contains(&kept), "the text in the box");
    assert!(html.contains(r#"href="/signin" target="_blank""#));

    // signed in again: the old form's token is not this session's
    ed.sign_in("ed", PASSWORD).await;
    let expired = ed.post_with("/new", &fields("kept-a"), Some(&token)).await;
    assert_eq!(expired.status().as_u16(), 403);
    let html = expired.text().await.expect("body");
    assert!(html.contains("This form expired: nothing was saved"));
    assert!(html.contains(&kept));
    let fresh = crate::support::csrf_in(&html).expect("a fresh token in the form");
    let saved = ed.post_with("/new", &fields("kept-a"), Some(&fresh)).await;
    assert_eq!(
        saved.status().as_u16(),
        303,
        "saved again from the fresh form"
    );

    // a viewer
    let vic = as_role_named(&site, "vic", Role::Viewer).await;
    let refused = vic.post("/kb/kept-a/edit", &fields("kept-a")).await;
    assert_eq!(refused.status().as_u16(), 403);
    let html = refused.text().await.expect("body");
    assert!(html.contains("Your account cannot edit: nothing was saved"));
    assert!(html.contains(&kept));

    // reading closed and nobody signed in: the form and its text, not a redirect
    let anonymous = Browser::new(&site);
    let out = anonymous
        .post_with("/kb/kept-a/edit", &fields("kept-a"), Some("0"))
        .await;
    assert_eq!(out.status().as_u16(), 401);
    let html = out.text().await.expect("body");
    assert!(html.contains(&kept));
    assert!(
        !html.contains("A long paragraph typed"),
        "only what was posted"
    );
    let wiki = wiki::Wiki::open(&site.data_dir()).expect("database");
    assert_eq!(wiki.history("kept-a").expect("history").len(), 1);
    site.stop().await;
}

/// A page over the wiki's size limit comes back with its text and says so, even one twice over
/// it in Chinese (2.1 MB of text, 6.3 MB form-encoded): never a bare 413 that drops it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_over_the_size_limit_comes_back_with_its_text() {
    let site = TestServer::start().await;
    let ed = as_role_named(&site, "ed", Role::Editor).await;
    let body = "显存".repeat(350_000);
    let response = ed
        .post(
            "/new",
            &[
                ("slug", "huge"),
                ("title", "Huge"),
                ("lang", "zh"),
                ("body", &body),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let html = response.text().await.expect("body");
    assert!(
        html.contains("a page holds at most 1 MiB"),
        "the problem said"
    );
    assert!(
        html.contains(&format!(">{body}</textarea>")),
        "the whole text kept"
    );
    let wiki = wiki::Wiki::open(&site.data_dir()).expect("database");
    assert!(wiki.head("huge").expect("head").is_none());
    // past what a page form is read up to (8 MiB sent), the refusal is at least a page in the
    // reader's language that says what to do
    let far = "x".repeat(9 * 1024 * 1024);
    let token = ed.token("/new").await;
    let response = ed
        .client
        .post(ed.url("/new"))
        .header("accept-language", "zh-CN")
        .form(&[
            ("csrf", token.as_str()),
            ("slug", "far"),
            ("body", far.as_str()),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status().as_u16(), 413);
    let html = response.text().await.unwrap_or_default();
    assert!(
        html.contains("内容太大，无法读取"),
        "{}",
        &html[..html.len().min(400)]
    );
    assert!(!html.contains("length limit exceeded"));
    site.stop().await;
}
