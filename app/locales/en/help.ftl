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
help-arg-data = Data folder (pastes, wiki pages, accounts); created on first run
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
help-arg-read = Who may read the wiki (pages, search, recent changes)
help-arg-paste = Who may paste an error or log for a diagnosis
help-arg-trust_proxy_header = Sign people in by this header, set by the lab's reverse proxy after its own sign-in (Authelia, oauth2-proxy: `X-Forwarded-User`). Honoured only from --trusted-proxy addresses
help-arg-trusted_proxy = Addresses (CIDR) whose proxy header is believed; repeat the flag, or separate with ','
help-arg-proxy_role = The role of a user the proxy names for the first time
help-user = Manage the wiki's local accounts
help-add = Add a local user; the password is asked for, or read from standard input
help-add-name = The user's name: letters, digits, `.`, `_`, `-`, `@`
help-add-role = viewer, editor or admin
help-list = List the users
help-role = Change a user's role
help-role-name = The user's name
help-role-role = viewer, editor or admin
help-passwd = Set a new password (asked for, or read from standard input); signs the user out everywhere
help-passwd-name = The user's name
help-backup = Copy the database (wiki and pastes) to FILE while the server runs
help-backup-file = The file to write (a SQLite database: put it in the data folder as `oomlens.sqlite3` to restore)
help-export = Write every wiki page as markdown with front matter (with --history, every revision too)
help-export-dir = Folder to write the pages to (created if needed)
help-export-history = Also write every revision, as JSON in DIR/.history/
help-import = Bring an export back into the wiki
help-import-dir = A folder an export wrote (or any folder of `SLUG.md` pages)
help-import-author = Author of the revisions made for pages without a history file
