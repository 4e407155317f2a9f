//! What the lab's reverse proxy may say, over real HTTP: the sign-in header from trusted and
//! untrusted addresses, the shared secret that a trusted address alone does not replace, and the
//! person's address in `X-Forwarded-For` that sign-in throttling counts by.

use crate::support::browser::{add_user, Browser};
use crate::support::TestServer;
use wiki::Role;

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
            .get_with("/", &[("X-Forwarded-User", "li.wei@lab.example")])
            .await;
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
                .get_with("/new", &[("X-Forwarded-User", "li.wei@lab.example")])
                .await;
            assert_eq!(response.status().as_u16(), 200);
        }
        // the feed's links say https when a trusted proxy says the reader came over it
        let feed = browser
            .get_with(
                "/recent.atom",
                &[("X-Forwarded-Proto", "https"), ("Host", "wiki.lab.example")],
            )
            .await
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
