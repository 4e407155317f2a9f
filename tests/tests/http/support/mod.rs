//! A real oomlens server on 127.0.0.1, on a free port, with a fresh data folder.

pub mod browser;

use std::net::SocketAddr;
use std::path::PathBuf;

use server::{RunningServer, ServeConfig};

/// A started server and the temporary folder it keeps its data in (removed on drop).
pub struct TestServer {
    pub server: RunningServer,
    pub base: String,
    pub client: reqwest::Client,
    _data: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server with the built-in library only.
    pub async fn start() -> TestServer {
        Self::start_with(|_| {}).await
    }

    /// Starts a server after `configure` has adjusted its configuration.
    pub async fn start_with(configure: impl FnOnce(&mut ServeConfig)) -> TestServer {
        let data = tempfile::tempdir().expect("temporary data folder");
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("loopback address");
        let mut config = ServeConfig::new(addr, data.path().join("oomlens-data"));
        configure(&mut config);
        let server = server::start(config).await.expect("server starts");
        let base = format!("http://{}", server.addr());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // The CSRF and session cookies, as a browser keeps them.
            .cookie_store(true)
            .build()
            .expect("http client");
        TestServer {
            server,
            base,
            client,
            _data: data,
        }
    }

    /// The data folder the server was given.
    pub fn data_dir(&self) -> PathBuf {
        self._data.path().join("oomlens-data")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    /// `GET path` with these request headers added.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        get_with(&self.client, &self.url(path), headers).await
    }

    /// The CSRF token this client's forms carry now (read from a page's hidden field, as a
    /// browser's form would; the page also sets the cookie it is checked against).
    pub async fn csrf(&self) -> String {
        let html = self.get("/").await.text().await.expect("home page");
        csrf_in(&html).unwrap_or_else(|| panic!("a csrf field on the home page"))
    }

    /// `fields` with this client's CSRF token added.
    pub async fn csrf_fields(&self, fields: &[(&str, &str)]) -> Vec<(String, String)> {
        let token = self.csrf().await;
        let mut out: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        out.push(("csrf".into(), token));
        out
    }

    /// Pastes `text` through the home page's form, as a browser does; the result page's path
    /// (`/d/{id}`). Panics unless the answer is `303 See Other`.
    pub async fn paste(&self, text: &str) -> String {
        let posted = self
            .client
            .post(self.url("/diagnose"))
            .form(&self.csrf_fields(&[("text", text)]).await)
            .send()
            .await
            .expect("POST /diagnose");
        assert_eq!(posted.status().as_u16(), 303, "a paste is answered 303");
        header(&posted, "location")
    }

    pub async fn stop(self) {
        self.server.stop().await.expect("server stops cleanly");
    }
}

/// `GET url` from `client` with these request headers added.
pub async fn get_with(
    client: &reqwest::Client,
    url: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = client.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("GET succeeds")
}

/// The value of a header, or "" when absent.
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The value of the first `csrf` hidden field in a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let token: String = html[at..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    (token.len() == 64).then_some(token)
}
