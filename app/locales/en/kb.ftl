# The knowledge base: its index, a tag's pages, one page.
kb-heading = Knowledge base
kb-intro = Guides for every kind of memory failure, and the lab's own notes.
kb-page-count = { $count ->
        [one] 1 page.
       *[other] { $count } pages.
    }
kb-pages-tagged = { $count ->
        [one] 1 page tagged { $tag }.
       *[other] { $count } pages tagged { $tag }.
    }
kb-all-pages = All { $count } pages →
kb-untagged = untagged
kb-none-tagged = No page in this language is tagged { $tag }.
kb-see-all-tags = See all tags
kb-previous = ← Previous
kb-next = Next →
kb-pager = Pages
kb-page-of = Page { $number } of { $last }
kb-guides-language = Language of the guides
lab-badge = lab
lab-note-badge = lab note
lab-note-title = From the lab's own notes
kb-toc = On this page
kb-related = Related
kb-tags = Tags
read-in-en = Read in English
read-in-zh = Read in Chinese
kb-only-in = This guide is only in { $lang ->
        [zh] Chinese
       *[en] English
    }.
not-found-guide = This guide does not exist

# The built-in library's tags (the id stays in links and the edit form).
tag-activations = activations
tag-allocator = allocator
tag-apple = apple
tag-basics = basics
tag-batch-size = batch-size
tag-containers = containers
tag-debugging = debugging
tag-fragmentation = fragmentation
tag-host-memory = host-memory
tag-inference = inference
tag-jax = jax
tag-leaks = leaks
tag-llm = llm
tag-multi-gpu = multi-gpu
tag-notebooks = notebooks
tag-precision = precision
tag-rocm = rocm
tag-serving = serving
tag-tensorflow = tensorflow
tag-tools = tools
