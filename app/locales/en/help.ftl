# `oomlens --help`: the English is the doc comments on the flags (server/src/cli/mod.rs,
# server/src/config.rs) word for word, and clap's own lines; server/src/cli/help.rs holds them
# together and words the help in another language from these keys.

help-heading-usage = Usage:
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options

help-about = Self-hosted GPU out-of-memory diagnosis and troubleshooting wiki
help-serve = Serve the site (the default)
help-diagnose = Diagnose a message or log: print the memory events, a capacity bar, findings and guides
help-search = Search the knowledge base
help-check-content = Validate a folder of pages: front matter, finding ids, translations, links, patterns (`--lab`: a lab folder, as `--content` loads it)
help-help = Print this message or the help of the given subcommand(s)

help-arg-help = Print help
help-arg-version = Print version
help-arg-addr = Address to listen on
help-arg-data = Data folder for saved pastes; created on first run
help-arg-dirs = Extra folders of pages (the lab's notes). Repeat the flag, or separate folders with ':' in the environment variable. Pages there add to or replace built-in pages of the same slug
help-arg-follow_symlinks = Follow symbolic links in the lab's folders whose targets stay inside the folder (links that lead outside are never followed). By default no link is followed
help-arg-max_note_size = Largest note read from a lab folder (bytes, or with a binary unit: 512KiB, 2MiB); larger files are skipped and reported
help-arg-paste_limit = Largest paste accepted, in bytes
help-diagnose-file = File to read; `-` or nothing reads standard input
help-diagnose-json = Print the report as JSON (the format of spec/report.md)
help-diagnose-lang = Language of the terminal summary, `en` or `zh` (default: from `LANG`, else English)
help-search-query = What to look for, in English or Chinese
help-search-json = Print the results as JSON (the format of spec/search.md)
help-search-lang = Only pages in this language (`en` or `zh`)
help-search-tag = Only pages with this tag
help-search-limit = At most this many hits
help-check-content-dir = Folder of pages to check
help-check-content-lab = Check DIR as a lab folder given to `--content` (notes as they are: front matter optional, .md/.markdown/.txt/.rst): report what would be skipped, not the built-in library's rules
