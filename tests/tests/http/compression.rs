//! Compressed answers: the encoding the request accepts, the same bytes whether compressed as
//! they stream or kept from an earlier view, and the page itself once decoded.

use std::io::Read;

use crate::support::{header, TestServer};

/// The body of `response` decoded from its `Content-Encoding`.
async fn decoded(response: reqwest::Response) -> (String, Vec<u8>, Vec<u8>) {
    let encoding = header(&response, "content-encoding");
    let raw = response.bytes().await.expect("body").to_vec();
    let mut plain = Vec::new();
    match encoding.as_str() {
        "br" => {
            brotli_decompressor::Decompressor::new(&raw[..], 4096)
                .read_to_end(&mut plain)
                .expect("brotli");
        }
        "gzip" => {
            flate2::read::GzDecoder::new(&raw[..])
                .read_to_end(&mut plain)
                .expect("gzip");
        }
        "" => plain.clone_from(&raw),
        other => panic!("an unexpected encoding {other}"),
    }
    (encoding, raw, plain)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_compressed_as_accepted_and_kept_ones_are_the_same_bytes() {
    let site = TestServer::start().await;
    let paste = site
        .paste(include_str!("../../fixtures/unseen/cases/u001.txt"))
        .await;
    let home = site.get("/").await.text().await.expect("home page");
    let stylesheet = home
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/assets/style."))
        .unwrap_or_else(|| panic!("a stylesheet link"))
        .to_string();
    // the paste's first view is its author's, with the link that deletes it (shown once)
    let first = site.get(&paste).await.text().await.expect("page");
    assert!(first.contains("/delete"));
    for path in [paste.as_str(), "/kb", stylesheet.as_str()] {
        let plain = site.get(path).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert_eq!(header(&plain, "content-encoding"), "", "{path}");
        let plain = plain.bytes().await.expect("body").to_vec();
        assert!(plain.len() > 1000, "{path}");
        for (accept, expected) in [
            ("gzip, deflate, br", "br"),
            ("gzip", "gzip"),
            ("br;q=0, gzip", "gzip"),
            ("identity", ""),
        ] {
            // the first view is compressed as it streams, the second kept, the third read from
            // what was kept: all three the same bytes
            let mut raws = Vec::new();
            for _ in 0..3 {
                let answer = site.get_with(path, &[("accept-encoding", accept)]).await;
                assert_eq!(answer.status(), 200, "{path} {accept}");
                if !expected.is_empty() {
                    assert_eq!(header(&answer, "vary"), "accept-encoding", "{path}");
                }
                let (encoding, raw, decoded) = decoded(answer).await;
                assert_eq!(encoding, expected, "{path} {accept}");
                assert!(
                    decoded == plain,
                    "{path} {accept}: decoded, the page itself"
                );
                if !expected.is_empty() {
                    assert!(raw.len() < plain.len() / 2, "{path} {accept}: compressed");
                }
                raws.push(raw);
            }
            assert!(raws.windows(2).all(|w| w[0] == w[1]), "{path} {accept}");
        }
    }
    site.stop().await;
}
