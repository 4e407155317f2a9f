//! A person at the site: their own cookie jar (session, CSRF cookie), signing in, and forms sent
//! with the token a page gave them, as a browser with JavaScript off sends them.

use super::{csrf_in, TestServer};

/// One client with its own cookies.
pub struct Browser {
    pub client: reqwest::Client,
    base: String,
}

impl Browser {
    pub fn new(site: &TestServer) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .expect("http client"),
            base: site.base.clone(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    /// `GET path` with these request headers added.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        super::get_with(&self.client, &self.url(path), headers).await
    }

    pub async fn text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// The token the forms of `page` carry for this browser.
    pub async fn token(&self, page: &str) -> String {
        let (_, html) = self.text(page).await;
        csrf_in(&html).unwrap_or_else(|| panic!("a csrf field on {page}"))
    }

    /// Posts `fields` to `path` with the token read from `page` (pass `None` for no token).
    pub async fn post_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut form: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if let Some(token) = token {
            form.push(("csrf".into(), token.to_string()));
        }
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }

    /// Posts `fields` to `path` with this browser's current token (read from the home page).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.token("/").await;
        self.post_with(path, fields, Some(&token)).await
    }

    /// Signs in; panics unless the site accepts.
    pub async fn sign_in(&self, name: &str, password: &str) {
        let response = self
            .post(
                "/signin",
                &[("name", name), ("password", password), ("next", "/")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303, "sign in as {name}");
    }
}

/// Adds users to a site's database directly (as `oomlens user add` does).
pub fn add_user(site: &TestServer, name: &str, role: wiki::Role) {
    let wiki = wiki::Wiki::open(&site.data_dir()).expect("the site's database");
    wiki.add_user(name, role, "correct horse battery")
        .expect("user added");
}

/// The password [`add_user`] gives everyone.
pub const PASSWORD: &str = "correct horse battery";
