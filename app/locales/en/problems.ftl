# A page file's problems, as `oomlens check-content` and the lab's notes report them.
# Each reads word for word as kb writes it (kb/src/{front_matter,parse,check,catalog}.rs,
# kb/src/folder/why.rs); the test in app/src/i18n/tests.rs holds them together.

## Front matter

problem-no-front-matter = no front matter: the file must start with a `---` line
problem-front-matter-not-closed = front matter is not closed by a `{ $marker }` line
problem-invalid-yaml = invalid front matter: { $error }
problem-invalid-toml = invalid TOML front matter: { $error }
problem-missing-key = missing required key `{ $key }`
problem-invalid-slug = invalid slug { $slug }: use at most 120 lowercase ASCII letters, digits and `-`, with no `-` at either end
problem-title-empty = the page needs a title
problem-slug-empty = the page needs a slug: the last part of its address, like fragmentation-zh
problem-invalid-slug-inferred = invalid slug { $slug }; using `{ $inferred }` from the path
problem-invalid-lang = invalid lang { $lang }: use `en` or `zh`
problem-empty-tags = `tags` needs at least one tag
problem-invalid-pattern = invalid regex in `patterns` { $pattern }: { $error }
problem-pattern-matches-every-line = the regex { $pattern } in `patterns` matches an empty line or ordinary log lines, so it would match nearly every line of every log: make it require the words of the error it recognizes
problem-unknown-key = unknown front-matter key `{ $key }`
problem-unknown-framework = unknown framework `{ $framework }` in `frameworks` (known: { $known })
problem-unknown-backend = unknown backend `{ $backend }` in `backends` (known: { $known })
problem-unknown-finding = unknown finding id `{ $id }` in `addresses`
problem-summary-too-long = summary longer than { $max } characters

## Pages together

problem-duplicate-slug = duplicate slug `{ $slug }` (also { $other })
problem-duplicate-slug-skipped = duplicate slug `{ $slug }` (also { $other }); skipped
problem-file-name-not-slug = file name does not match slug `{ $slug }` (expected { $slug }.md)
problem-lang-not-folder = lang `{ $lang }` but the file is in { $folder }/
problem-no-heading = no `#` heading: the page should start with `# {"{"}title{"}"}`
problem-title-not-heading = title { $title } differs from the first heading { $heading }
problem-missing-translation = missing `translation` (required for built-in pages)
problem-translation-is-self = `translation` names the page itself
problem-translation-missing-page = translation `{ $translation }` does not exist
problem-translation-same-lang = translation `{ $translation }` is in the same language ({ $lang })
problem-one-sided-other = one-sided translation: `{ $translation }` names `{ $back }` as its translation
problem-one-sided-none = one-sided translation: `{ $translation }` names nothing as its translation
problem-broken-link = broken internal link `{ $url }`: no page `{ $target }`
problem-code-without-lang = code block without a language (```python, ```bash, ```text, ...)
problem-extra-key-snippet = more than one key snippet: only the first counts
problem-unknown-param = key snippet uses unknown parameter `{ $name }`

## Reading the folder

problem-not-utf8 = not valid UTF-8
problem-internal = internal error while rendering
problem-cannot-read = cannot read: { $error }
problem-not-a-file-path = cannot read: not a file path
problem-link-not-followed = skipped: a symbolic link, not followed (--follow-symlinks follows links that stay inside the folder)
problem-link-outside = skipped: a symbolic link to { $target }, outside the folder
problem-link-unresolved = skipped: a symbolic link that cannot be resolved ({ $error })
problem-link-loop = skipped: a symbolic link loop back to { $target }
problem-link-own-path = skipped: a symbolic link to { $target }, which is read by its own path
problem-link-already-read = skipped: a symbolic link to { $target }, already read through { $first }
problem-special-file = skipped: { $kind ->
        [fifo] a FIFO
        [socket] a socket
        [char-device] a character device
        [block-device] a block device
        [folder] a folder
       *[other] not a regular file
    }, not opened
problem-too-large = skipped: { $size } bytes, over the note size limit of { $max } bytes (--max-note-size)
problem-grew = skipped: grew past the note size limit of { $max } bytes while read (--max-note-size)
problem-too-deep = skipped: a folder more than { $levels } levels deep, not read
