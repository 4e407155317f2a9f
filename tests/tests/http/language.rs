//! The interface language over HTTP: chosen by the switch's cookie, then `Accept-Language`, then
//! English; the same URL in both; `<html lang>` set; the switch returns to the page it was used on.

use crate::support::{header, TestServer};

async fn page(site: &TestServer, path: &str, headers: &[(&str, &str)]) -> String {
    let mut request = site.client.get(site.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("GET succeeds");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("body")
}

#[tokio::test]
async fn the_browser_language_then_the_cookie_choose_the_interface() {
    let site = TestServer::start().await;
    let english = page(&site, "/", &[]).await;
    assert!(english.contains(r#"<html lang="en""#), "{english}");
    assert!(english.contains("What filled the GPU?"));

    let chinese = page(
        &site,
        "/",
        &[("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")],
    )
    .await;
    assert!(chinese.contains(r#"<html lang="zh""#));
    assert!(chinese.contains("显存被什么占满了？"));
    assert!(chinese.contains(">诊断<"), "the navigation too");

    // A page's chrome follows the reader, its text stays in its own language.
    let guide = page(&site, "/kb/fragmentation", &[("accept-language", "zh")]).await;
    assert!(
        guide.contains(">目录<") && guide.contains("阅读中文版"),
        "{guide}"
    );
    assert!(guide.contains("expandable_segments"));
    let chinese_guides = page(&site, "/kb", &[("accept-language", "zh")]).await;
    assert!(
        chinese_guides.contains("/kb/fragmentation-zh\""),
        "Chinese guides first"
    );
    assert!(!chinese_guides.contains("/kb/fragmentation\""));
    // Tags keep their id in links and read in the reader's language.
    assert!(
        chinese_guides.contains(r#"<a href="/kb?lang=zh&amp;tag=allocator">分配器</a>"#),
        "{chinese_guides}"
    );
    let tagged = page(
        &site,
        "/search?q=&tag=multi-gpu",
        &[("accept-language", "zh")],
    )
    .await;
    assert!(
        tagged.contains(r#"class="chip">多卡<span class="muted"> 6</span>"#),
        "the tag filter's chip"
    );
    assert!(tagged.contains(r#"<a href="/search?tag=multi-gpu" class="tag">多卡</a>"#));
    let english_guides = page(&site, "/kb", &[]).await;
    assert!(english_guides.contains(r#"<a href="/kb?lang=en&amp;tag=allocator">allocator</a>"#));

    let chosen = page(
        &site,
        "/",
        &[("accept-language", "zh-CN"), ("cookie", "oomlens_lang=en")],
    )
    .await;
    assert!(
        chosen.contains("What filled the GPU?"),
        "the switch's choice wins"
    );
    site.stop().await;
}

/// A paste with no memory event still points somewhere: the guides that mention its words, each
/// in the reader's language where it has a translation.
#[tokio::test]
async fn guides_for_a_paste_without_memory_events_follow_the_reader() {
    let site = TestServer::start().await;
    let result = site
        .paste("RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!")
        .await;
    let chinese = page(&site, &result, &[("accept-language", "zh")]).await;
    let english = page(&site, &result, &[]).await;
    for slug in ["cpu-fallback", "bf16-vs-fp16", "inference-mode"] {
        assert!(
            chinese.contains(&format!(r#"href="/kb/{slug}-zh""#)),
            "{slug}: {chinese}"
        );
        assert!(
            !chinese.contains(&format!(r#"href="/kb/{slug}""#)),
            "{slug}"
        );
        assert!(english.contains(&format!(r#"href="/kb/{slug}""#)), "{slug}");
        assert!(
            !english.contains(&format!(r#"href="/kb/{slug}-zh""#)),
            "{slug}"
        );
    }
    site.stop().await;
}

#[tokio::test]
async fn the_switch_sets_the_cookie_and_returns_to_the_page() {
    let site = TestServer::start().await;
    let response = site.get("/lang/zh?back=%2Fkb%3Ftag%3Dallocator").await;
    assert_eq!(response.status(), 303);
    assert_eq!(header(&response, "location"), "/kb?tag=allocator");
    assert_eq!(
        header(&response, "set-cookie"),
        "oomlens_lang=zh; Path=/; Max-Age=31536000; SameSite=Lax"
    );
    let away = site.get("/lang/en?back=%2F%2Fevil.example%2F").await;
    assert_eq!(header(&away, "location"), "/", "only paths on this site");

    let unknown = site.get("/lang/fr").await;
    assert_eq!(unknown.status(), 404);
    assert!(header(&unknown, "content-type").starts_with("text/html"));

    // The header's switch links to the other language with this page as the way back.
    let home = page(&site, "/search?q=a%20b", &[]).await;
    assert!(
        home.contains(r#"href="/lang/zh?back=%2Fsearch%3Fq%3Da%2520b""#),
        "{home}"
    );
    site.stop().await;
}

#[tokio::test]
async fn errors_speak_the_readers_language_and_keep_their_codes() {
    let site = TestServer::start().await;
    // A page: the empty-paste page in Chinese for a Chinese browser.
    let empty = site
        .client
        .post(site.url("/diagnose"))
        .header("accept-language", "zh-CN")
        .form(&site.csrf_fields(&[("text", "  ")]).await)
        .send()
        .await
        .expect("POST succeeds");
    assert_eq!(empty.status(), 422);
    let page = empty.text().await.unwrap_or_default();
    assert!(page.contains("没有可诊断的内容"), "{page}");
    assert!(page.contains("输入框是空的"));

    // The API: `error` stays English, `code` is stable, `message` follows ?lang= (or the browser).
    for (query, headers) in [("?lang=zh", vec![]), ("", vec![("accept-language", "zh")])] {
        let mut request = site
            .client
            .post(site.url(&format!("/api/diagnose{query}")))
            .header("content-type", "application/xml");
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.body("<x/>").send().await.expect("POST succeeds");
        assert_eq!(response.status(), 415);
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(body["code"], "unsupported-media-type");
        assert_eq!(
            body["error"],
            "send the text as `text/plain` or as JSON `{\"text\": ...}` with `application/json`; got `application/xml`"
        );
        assert_eq!(
            body["message"],
            "请以 `text/plain` 发送文本，或者以 `application/json` 发送 JSON `{\"text\": ...}`；收到的是 `application/xml`"
        );
    }
    // Without a language asked for, message and error agree.
    let plain = site
        .client
        .post(site.url("/api/diagnose"))
        .header("content-type", "application/xml")
        .body("<x/>")
        .send()
        .await
        .expect("POST succeeds");
    let body: serde_json::Value = plain.json().await.unwrap_or_default();
    assert_eq!(body["message"], body["error"]);
    site.stop().await;
}

#[tokio::test]
async fn the_report_stays_neutral_unless_a_language_is_asked_for() {
    let site = TestServer::start().await;
    let text = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.20 GiB is free. Including non-PyTorch memory, this process has 22.44 GiB memory in use. Of the allocated memory 16.12 GiB is allocated by PyTorch, and 5.91 GiB is reserved by PyTorch but unallocated.";
    let ask = |query: &'static str, accept: &'static str| {
        site.client
            .post(site.url(&format!("/api/diagnose{query}")))
            .header("content-type", "text/plain")
            .header("accept-language", accept)
            .body(text)
            .send()
    };
    let neutral: serde_json::Value = ask("", "zh-CN")
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON");
    assert!(
        neutral.get("lang").is_none(),
        "a browser's language does not change the report"
    );
    let fragmentation = |report: &serde_json::Value| {
        report["findings"]
            .as_array()
            .and_then(|all| all.iter().find(|f| f["id"] == "fragmentation").cloned())
            .unwrap_or_else(|| panic!("a fragmentation finding: {report}"))
    };
    let finding = fragmentation(&neutral);
    assert_eq!(
        finding["title"],
        "Memory is reserved by the allocator but unused (fragmentation)"
    );
    assert_eq!(finding["guides"][0]["lang"], "en");
    let english_guide = finding["guides"][0]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let chinese: serde_json::Value = ask("?lang=zh", "en")
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON");
    assert_eq!(chinese["lang"], "zh");
    let finding = fragmentation(&chinese);
    assert_eq!(finding["title"], "分配器预留了显存却没用上（显存碎片）");
    assert_eq!(
        finding["evidence"],
        "已预留但未分配的 5.91 GiB 本来放得下申请的 2.00 GiB"
    );
    let lead = &chinese["findings"][0];
    assert!(
        lead["because"]
            .as_str()
            .is_some_and(|b| b.starts_with("它排在最前")),
        "{lead}"
    );
    assert_eq!(finding["guides"][0]["lang"], "zh");
    // the same guide, its Chinese page (the built-in library names it `{slug}-zh`)
    let chinese_guide = format!("{english_guide}-zh");
    assert_eq!(finding["guides"][0]["url"], chinese_guide.as_str());
    assert_eq!(
        chinese["events"], neutral["events"],
        "amounts do not change"
    );

    // The page: a Chinese reader's first guide is the Chinese page.
    let location = site.paste(text).await;
    let page = page(&site, &location, &[("accept-language", "zh-CN")]).await;
    assert!(
        page.contains(&format!(r#"href="{chinese_guide}" lang="zh""#)),
        "{page}"
    );
    site.stop().await;
}
