//! Interchangeable spellings of Chinese technical words. Chinese ML writing uses several words for
//! one idea (gradient accumulation is 梯度累积, 梯度累计 or 梯度累加), and search by bigrams cannot see
//! that 累积 and 累计 mean the same: a query for one also looks for the others, scored a little
//! lower. Only words whose every use in this field is interchangeable belong here.

/// Groups of words that stand for one another, matched against the words jieba cuts a query into.
const GROUPS: &[&[&str]] = &[
    // accumulate (gradient accumulation)
    &["累积", "累计", "累加"],
    // inference
    &["推理", "推断"],
    // batch (批量大小, 批次大小)
    &["批量", "批次"],
    // GPU memory (a query is cut into words by jieba, which cuts 显卡内存 in two: only 显存 looks
    // for 显卡内存, not the other way round)
    &["显存", "显卡内存"],
];

/// The other spellings of `word`, none when it has none.
pub(crate) fn variants(word: &str) -> impl Iterator<Item = &'static str> + '_ {
    GROUPS
        .iter()
        // Not `contains`: that would ask `word` to live as long as the table.
        .filter(move |group| group.iter().any(|w| w.eq(&word)))
        .flat_map(move |group| group.iter().copied().filter(move |w| *w != word))
}

#[cfg(test)]
mod tests {
    use super::variants;

    #[test]
    fn each_word_brings_the_others_of_its_group() {
        assert_eq!(variants("累积").collect::<Vec<_>>(), ["累计", "累加"]);
        assert_eq!(variants("累加").collect::<Vec<_>>(), ["累积", "累计"]);
        assert_eq!(variants("推断").collect::<Vec<_>>(), ["推理"]);
        assert_eq!(variants("梯度").count(), 0);
        assert_eq!(variants("").count(), 0);
    }
}
