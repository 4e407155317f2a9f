//! Who may change the wiki, over real HTTP: every mutating route for an anonymous reader, a
//! viewer, an editor and an admin, with the exact status each gets; forms without the reader's
//! CSRF token; sign-in throttling; the proxy header from trusted and untrusted addresses; the
//! read and paste settings.

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
async fn the_proxy_header_counts_only_from_a_trusted_address() {
    for (trusted, signed_in) in [("10.0.0.0/8", false), ("127.0.0.1/32", true)] {
        let site = TestServer::start_with(|config| {
            config.access.trust_proxy_header = Some("X-Forwarded-User".into());
            config.access.trusted_proxy = vec![trusted.parse().expect("cidr")];
        })
        .await;
        let browser = Browser::new(&site);
        let response = browser
            .client
            .get(browser.url("/"))
            .header("X-Forwarded-User", "li.wei@lab.example")
            .send()
            .await
            .expect("GET");
        let html = response.text().await.expect("body");
        assert_eq!(
            html.contains(">li.wei@lab.example<"),
            signed_in,
            "trusted {trusted}"
        );
        let wiki = wiki::Wiki::open(&site.data_dir()).expect("database");
        let user = wiki.user("li.wei@lab.example").expect("lookup");
        assert_eq!(
            user.as_ref().map(|u| u.role),
            signed_in.then_some(Role::Editor),
            "created with the default role"
        );
        if signed_in {
            // the proxy's user edits with the session the proxy's header started
            let response = browser
                .client
                .get(browser.url("/new"))
                .header("X-Forwarded-User", "li.wei@lab.example")
                .send()
                .await
                .expect("GET");
            assert_eq!(response.status().as_u16(), 200);
        }
        // the feed's links say https when a trusted proxy says the reader came over it
        let feed = browser
            .client
            .get(browser.url("/recent.atom"))
            .header("X-Forwarded-Proto", "https")
            .header("Host", "wiki.lab.example")
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("feed");
        let scheme = if signed_in { "https" } else { "http" };
        assert!(
            feed.contains(&format!("{scheme}://wiki.lab.example/recent")),
            "{feed}"
        );
        site.stop().await;
    }
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

/// Behind a trusted proxy, sign-in attempts count by the address the proxy forwards, so one
/// person's failures do not lock out everyone behind the proxy; from anywhere else the header is
/// ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_attempts_count_by_the_forwarded_address() {
    let site = TestServer::start_with(|config| {
        config.access.trusted_proxy = vec!["127.0.0.1/32".parse().expect("cidr")];
    })
    .await;
    add_user(&site, "ana", Role::Editor);
    let browser = Browser::new(&site);
    let token = browser.token("/signin").await;
    let attempt = |from: &'static str, name: String, password: &'static str| {
        let form = [
            ("name".to_string(), name),
            ("password".to_string(), password.to_string()),
            ("next".to_string(), "/".to_string()),
            ("csrf".to_string(), token.clone()),
        ];
        let request = browser
            .client
            .post(browser.url("/signin"))
            .header("X-Forwarded-For", from)
            .form(&form);
        async move { request.send().await.expect("POST").status().as_u16() }
    };
    // 20 failures (different accounts, so the per-account limit stays out of it) from one person
    for i in 0..20 {
        let status = attempt("198.51.100.7", format!("nobody{i}"), "wrong").await;
        assert_eq!(status, 401, "attempt {i}");
    }
    assert_eq!(
        attempt("198.51.100.7", "ana".into(), "correct horse battery").await,
        429,
        "that person is throttled"
    );
    // a client's own X-Forwarded-For entries left of the proxy's are not believed over it
    assert_eq!(
        attempt(
            "203.0.113.9, 198.51.100.7",
            "ana".into(),
            "correct horse battery"
        )
        .await,
        429
    );
    // another person behind the same proxy signs in
    assert_eq!(
        attempt("198.51.100.8", "ana".into(), "correct horse battery").await,
        303
    );
    site.stop().await;

    // without a trusted proxy the header means nothing: everyone is the peer, 127.0.0.1
    let site = TestServer::start().await;
    let browser = Browser::new(&site);
    let token = browser.token("/signin").await;
    for i in 0..20 {
        let form = [
            ("name", format!("nobody{i}")),
            ("password", "wrong".to_string()),
            ("csrf", token.clone()),
        ];
        let status = browser
            .client
            .post(browser.url("/signin"))
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .form(&form)
            .send()
            .await
            .expect("POST")
            .status();
        assert_eq!(status.as_u16(), 401);
    }
    let refused = browser
        .client
        .post(browser.url("/signin"))
        .header("X-Forwarded-For", "198.51.100.200")
        .form(&[("name", "x"), ("password", "y"), ("csrf", token.as_str())])
        .send()
        .await
        .expect("POST");
    assert_eq!(refused.status().as_u16(), 429);
    site.stop().await;
}

/// With `--proxy-secret-file`, the sign-in header is believed only with the proxy's secret: any
/// other process on the machine reaches the trusted address too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_proxy_secret_the_address_alone_signs_nobody_in() {
    let secret = "6f1c0d2b9a8e7f6a5b4c3d2e1f0a9b8c";
    let site = TestServer::start_with(|config| {
        config.access.trust_proxy_header = Some("X-Forwarded-User".into());
        config.access.trusted_proxy = vec!["127.0.0.1/32".parse().expect("cidr")];
        config.access.proxy_secret_file =
            Some(server::auth::access::ProxySecret::new(secret).expect("secret"));
    })
    .await;
    for (sent, signed_in) in [
        (None, false),
        (Some("not-the-secret-at-all"), false),
        (Some(secret), true),
    ] {
        let browser = Browser::new(&site);
        let mut request = browser
            .client
            .get(browser.url("/"))
            .header("X-Forwarded-User", "li.wei@lab.example");
        if let Some(sent) = sent {
            request = request.header("X-Oomlens-Proxy-Secret", sent);
        }
        let html = request
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("page");
        assert_eq!(html.contains("li.wei@lab.example"), signed_in, "{sent:?}");
    }
    site.stop().await;
}
