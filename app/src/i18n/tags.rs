//! The built-in library's tags as a reader of each language says them. A tag stays one id in
//! every language (pages in both languages share it, and it is what `?tag=` and the edit form's
//! tags field carry); only its label changes. A tag the lab made up is shown as it was typed.

use super::{Lang, LOCALES};
use fluent_templates::Loader;

/// `tag`'s label in `lang`: the catalogue's `tag-{tag}` for a built-in tag (the catalogues are
/// the list), `tag` itself otherwise.
pub fn tag_label(lang: Lang, tag: &str) -> String {
    LOCALES
        .try_lookup(super::id(lang), &format!("tag-{tag}"))
        .unwrap_or_else(|| tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tags_have_a_label_in_each_language_and_others_stay_as_typed() {
        assert_eq!(tag_label(Lang::Zh, "allocator"), "分配器");
        assert_eq!(tag_label(Lang::En, "allocator"), "allocator");
        assert_eq!(tag_label(Lang::Zh, "multi-gpu"), "多卡");
        assert_eq!(tag_label(Lang::Zh, "our-cluster"), "our-cluster");
        assert_eq!(tag_label(Lang::En, "our-cluster"), "our-cluster");
    }

    /// Every tag the built-in pages use has its label: a new tag in the library without one
    /// would show its id to a Chinese reader.
    #[test]
    fn every_built_in_tag_has_a_chinese_label() {
        let (kb, _) = kb::KnowledgeBase::load(&[]).unwrap_or_else(|e| panic!("{e}"));
        let mut unlabelled: Vec<String> = kb
            .pages()
            .iter()
            .flat_map(|page| page.tags.clone())
            .filter(|tag| tag_label(Lang::Zh, tag) == *tag)
            .collect();
        unlabelled.sort();
        unlabelled.dedup();
        assert!(
            unlabelled.is_empty(),
            "tags without a label: {unlabelled:?}"
        );
    }
}
