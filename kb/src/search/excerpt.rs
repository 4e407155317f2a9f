//! Snippets for pages chosen some other way than by a search (the lab notes under a diagnosis):
//! the same windows and `<mark>`s as search hits, for a list of words.

use super::snippet::{snippet, LatinTerm, Matcher};
use super::tokenizer::{stem, words_analyzer};
use crate::page::Page;
use crate::text::{runs, Run};

/// An HTML snippet of `page` around the most of `words` (Latin words matched as written or by
/// stem, each part of a joined word like `expandable_segments` on its own; Chinese words as
/// substrings), matches in `<mark>`; the page's summary, escaped, when none of them occur.
pub fn excerpt<'a>(page: &Page, words: impl IntoIterator<Item = &'a str>) -> String {
    let mut stemmer = words_analyzer();
    let mut matcher = Matcher::default();
    for word in words {
        for (kind, start, end) in runs(word) {
            let part = &word[start..end];
            match kind {
                Run::Cjk => matcher.cjk.push(part.to_string()),
                Run::Latin => {
                    let raw = part.to_lowercase();
                    if matcher.latin.iter().any(|t| t.raw == raw) {
                        continue;
                    }
                    matcher.latin.push(LatinTerm {
                        stem: stem(&mut stemmer, &raw),
                        raw,
                        max_edits: 0,
                        prefix: false,
                    });
                }
            }
        }
    }
    snippet(&mut stemmer, &page.text, &matcher, &page.summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::{Lang, PageOrigin};

    fn page(text: &str) -> Page {
        Page {
            slug: "n".into(),
            title: "Note".into(),
            lang: Lang::En,
            translation: None,
            tags: Vec::new(),
            addresses: Vec::new(),
            summary: "A note <about> memory.".into(),
            patterns: Vec::new(),
            frameworks: Vec::new(),
            backends: Vec::new(),
            origin: PageOrigin::BuiltIn,
            html: String::new(),
            toc: Vec::new(),
            key_snippet: None,
            text: text.into(),
        }
    }

    #[test]
    fn marks_the_words_by_stem_and_chinese_substrings() {
        let p = page(
            "We set expandable_segments and the allocator stopped fragmenting. 显存碎片少了。",
        );
        let html = excerpt(&p, ["fragmentation", "expandable", "碎片"]);
        assert_eq!(
            html,
            "We set <mark>expandable</mark>_segments and the allocator stopped <mark>fragmenting</mark>. 显存<mark>碎片</mark>少了。"
        );
    }

    #[test]
    fn no_word_found_gives_the_summary_escaped() {
        let p = page("Nothing relevant here.");
        assert_eq!(
            excerpt(&p, ["nccl", "", "  "]),
            "A note &lt;about&gt; memory."
        );
    }
}
