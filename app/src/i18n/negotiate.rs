//! Which language a request's interface is in: an explicit choice (the cookie) first, then what
//! the browser asks for (`Accept-Language`, RFC 9110 §12.5.4, by quality), then English.

use kb::Lang;

/// The cookie the header's language switch sets: `en` or `zh`.
pub const LANG_COOKIE: &str = "oomlens_lang";

/// The interface language for a request with these `Cookie` and `Accept-Language` header values
/// (several headers of one name joined by `; ` or `, `).
pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
    if let Some(lang) = cookie.and_then(from_cookie) {
        return lang;
    }
    accept_language.and_then(from_accept).unwrap_or(Lang::En)
}

fn from_cookie(header: &str) -> Option<Lang> {
    header
        .split([';', ','])
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == LANG_COOKIE)
        .find_map(|(_, value)| match value.trim().trim_matches('"') {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        })
}

/// The best-rated of English and Chinese, by `q` (1 when absent; `q=0` refuses); ties go to the
/// one listed first. `*` stands for English.
fn from_accept(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or_default();
        let lang = match primary {
            "zh" => Lang::Zh,
            "en" | "*" => Lang::En,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_wins_then_the_browser_then_english() {
        assert_eq!(
            negotiate(Some("oomlens_lang=zh"), Some("en-US,en;q=0.9")),
            Lang::Zh
        );
        assert_eq!(
            negotiate(Some("a=1; oomlens_lang=en"), Some("zh-CN")),
            Lang::En
        );
        assert_eq!(
            negotiate(Some("oomlens_lang=fr"), Some("zh-CN,zh;q=0.9")),
            Lang::Zh
        );
        assert_eq!(negotiate(None, Some("zh-TW;q=0.8, en;q=0.7")), Lang::Zh);
        assert_eq!(negotiate(None, Some("de-DE, en;q=0.5, zh;q=0.6")), Lang::Zh);
        assert_eq!(negotiate(None, Some("fr-FR, de")), Lang::En);
        assert_eq!(negotiate(None, Some("zh;q=0, en;q=0.1")), Lang::En);
        assert_eq!(negotiate(None, Some("zh-Hans-CN")), Lang::Zh);
        assert_eq!(negotiate(None, None), Lang::En);
        assert_eq!(negotiate(Some(""), Some("")), Lang::En);
    }
}
