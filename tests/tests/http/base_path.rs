//! The whole site under a sub-path, through a real reverse proxy: Debian's nginx, configured as
//! `deploy/nginx.conf`'s variant (b) (the prefix passed on), started and stopped by the test.
//!
//! Without nginx the test says it was skipped, unless `OOMLENS_REQUIRE_PROXY` is set (`.ci/run`
//! sets it, and installs nginx): then a missing nginx is a failure.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::{csrf_in, header, TestServer};

const BASE: &str = "/oomlens";

/// nginx's program, if installed.
fn nginx() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
}

/// A running nginx, stopped (and its folder removed) on drop.
struct Proxy {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts nginx on a free loopback port, passing `/oomlens/` to `upstream` with the prefix.
async fn start_proxy(program: &Path, upstream: u16) -> Proxy {
    let dir = tempfile::tempdir().expect("nginx folder");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"0\n"));
    let d = dir.path().display();
    let conf = format!(
        r#"daemon off;
{user}
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 13m;
        location = {BASE} {{ return 301 {BASE}/; }}
        location = {BASE}/metrics {{ return 404; }}
        location {BASE}/ {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-User "";
        }}
        location / {{ return 418; }}
    }}
}}
"#,
        user = if root { "user root;" } else { "" },
    );
    let path = dir.path().join("nginx.conf");
    std::fs::write(&path, conf).expect("write nginx.conf");
    let child = Command::new(program)
        .arg("-e")
        .arg(dir.path().join("error.log"))
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("nginx starts");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Proxy {
        child,
        port,
        _dir: dir,
    }
}

/// The URL attributes (`href`, `src`, `action`, `formaction`) of a page that start with `/`.
fn local_urls(html: &str) -> Vec<String> {
    let pattern = regex::Regex::new(r#"\s(?:href|src|action|formaction)="(/[^"]*)""#)
        .expect("a valid pattern");
    pattern
        .captures_iter(html)
        .map(|caps| caps[1].replace("&amp;", "&"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_site_works_under_a_prefix_through_nginx() {
    let Some(program) = nginx() else {
        assert!(
            std::env::var_os("OOMLENS_REQUIRE_PROXY").is_none(),
            "OOMLENS_REQUIRE_PROXY is set and nginx is not installed"
        );
        println!("skipped: nginx is not installed (apt-get install nginx)");
        return;
    };
    let site = TestServer::start_with(|config| config.base_path = BASE.into()).await;
    let proxy = start_proxy(&program, site.server.addr().port()).await;
    let origin = format!("http://127.0.0.1:{}", proxy.port);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    let get = |path: String| {
        let client = client.clone();
        let url = format!("{origin}{path}");
        async move { client.get(&url).send().await.expect("GET through nginx") }
    };

    let bare = get(BASE.into()).await;
    assert_eq!(bare.status(), 301);
    let home = get(format!("{BASE}/")).await;
    assert_eq!(home.status(), 200);
    let home = home.text().await.expect("home");

    // every local URL of the home page, the guides' index and a guide carries the prefix, and
    // each one that a link or asset names answers (no 404 anywhere)
    let kb = get(format!("{BASE}/kb")).await.text().await.expect("kb");
    let guide = local_urls(&kb)
        .into_iter()
        .find(|url| url.starts_with(&format!("{BASE}/kb/")) && !url.contains('?'))
        .unwrap_or_else(|| panic!("a guide linked from /kb"));
    let guide_page = get(guide.clone()).await.text().await.expect("guide");
    let mut seen = BTreeSet::new();
    for page in [&home, &kb, &guide_page] {
        for url in local_urls(page) {
            assert!(
                url.starts_with(&format!("{BASE}/")),
                "{url} lacks the prefix"
            );
            seen.insert(url);
        }
    }
    assert!(seen.len() >= 20, "{} urls", seen.len());
    for url in seen
        .iter()
        .filter(|u| !u.ends_with("/diagnose") && !u.contains("/lang/"))
    {
        let status = get(url.clone()).await.status().as_u16();
        assert!(status < 400, "{url} answered {status}");
    }
    assert!(seen
        .iter()
        .any(|u| u.starts_with(&format!("{BASE}/assets/style."))));

    // a paste: the form posts under the prefix and the redirect stays under it
    let token = csrf_in(&home).unwrap_or_else(|| panic!("a csrf field"));
    let posted = client
        .post(format!("{origin}{BASE}/diagnose"))
        .form(&[
            ("text", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 15.77 GiB of which 1.02 GiB is free."),
            ("csrf", token.as_str()),
        ])
        .send()
        .await
        .expect("POST");
    assert_eq!(posted.status(), 303);
    let result = header(&posted, "location");
    assert!(result.starts_with(&format!("{BASE}/d/")), "{result}");
    let page = get(result.clone()).await.text().await.expect("result");
    let urls = local_urls(&page);
    assert!(
        urls.iter().all(|u| u.starts_with(&format!("{BASE}/"))),
        "{urls:?}"
    );
    assert!(urls
        .iter()
        .any(|u| u.starts_with(&format!("{result}/delete?key="))));
    assert!(urls
        .iter()
        .any(|u| u.starts_with(&format!("{BASE}/estimate?"))));
    assert!(page.contains(&format!("data-copy-text=\"{result}\"")));

    // switching the language comes back to the same page, under the prefix
    let switch = urls
        .iter()
        .find(|u| u.starts_with(&format!("{BASE}/lang/zh")))
        .unwrap_or_else(|| panic!("a language switch"));
    let switched = get(switch.clone()).await;
    assert_eq!(header(&switched, "location"), result);

    // the feed's links are absolute, with the prefix; /metrics is refused by the proxy
    let feed = get(format!("{BASE}/recent.atom"))
        .await
        .text()
        .await
        .expect("feed");
    assert!(feed.contains(&format!("{origin}{BASE}/recent")), "{feed}");
    assert_eq!(get(format!("{BASE}/metrics")).await.status(), 404);
    // and the server still answers without the prefix on its own port (health checks)
    assert_eq!(site.get("/healthz").await.status(), 200);
    drop(proxy);
    site.stop().await;
}
