# Error pages, the 404 page and search.
error-back-home = Back to the paste box
browse-guides = Browse the guides
not-found-title = Not found
not-found-heading = This page does not exist
not-found-lede = The link may be mistyped, or the page was removed.
not-found-diagnose = Diagnose a message
not-found-search = Or search the knowledge base
not-found-search-name = Search the guides
search-placeholder-short = e.g. expandable_segments, 显存碎片
search-button = Search
search-title = Search
search-title-query = { $query } — search
search-heading = Search the knowledge base
search-terms = Search terms
search-placeholder = expandable_segments, 梯度累积, DataLoader killed…
filter-language = Language
filter-tags = Tags
lang-all = All
lang-en = English
lang-zh = 中文
search-empty = Type an error, a symptom or a setting — in English or Chinese. Typos are forgiven, and the last word may be unfinished.
search-summary = { $total ->
        [one] 1 result in { $ms } ms
       *[other] { $total } results in { $ms } ms
    }
search-no-match = No page matches. Try fewer words, another language, or remove the tag filter.
