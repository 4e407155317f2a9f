# `oomlens diagnose` and `oomlens search` in a terminal.
cli-no-errors = No memory errors found.
cli-summary = { $errors ->
        [one] 1 memory error
       *[other] { $errors } memory errors
    }, { $events ->
        [one] 1 event
       *[other] { $events } events
    } in { $lines ->
        [one] 1 line
       *[other] { $lines } lines
    }
cli-event-header = #{ $n } { $kind } at { $lines } on { $device }{ $phase }
cli-event-lines = lines { $from }-{ $to }
cli-event-line = line { $line }
cli-event-phase = , during { $phase }
cli-blank = (blank: not stated in the message)
cli-request = request
cli-requested-against = requested { $requested } against { $free } free: { $verdict }
cli-requested = requested { $requested }
cli-more-than-free = more than is free
cli-less-than-free = less than is free
cli-more-events = ... and { $count } more events
cli-findings = Findings
cli-likely = LIKELY
cli-possible = POSSIBLE
cli-check = CHECK
cli-finding = { $title } (event #{ $n })
cli-read = Read: { $url }
cli-search-summary = { $total ->
        [one] 1 result
       *[other] { $total } results
    } for "{ $query }" in { $ms } ms
cli-cannot-read-file = cannot read { $path }: { $error }
cli-cannot-read-input = cannot read the input: { $error }
cli-not-a-folder = { $path } is not a folder
cli-lab-pages = { $path }: { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    } as a lab folder
cli-no-problems = { $path }: no problems found
cli-problems = { $path }: { $count ->
        [one] 1 problem
       *[other] { $count } problems
    }
cli-bad-page-lang = --lang must be `en` or `zh` (the language of the pages to search)
cli-warning = warning: { $problem }

# oomlens user, backup, export, import
admin-cannot-create = cannot create { $dir }: { $error }
admin-no-data = no oomlens data in { $dir } (no { $file }): check --data or OOMLENS_DATA; the folder is made by the server's first start or by `oomlens user add`
admin-no-such-user = no user named { $name }
admin-user-exists = a user named { $name } already exists (names do not differ by case)
admin-bad-user-name = a user name is 1 to 64 letters, digits, `.`, `_`, `-` or `@`
admin-weak-password = a password needs at least { $least } characters
admin-password-prompt = Password:{" "}
admin-password-again = Again:{" "}
admin-passwords-differ = the two passwords differ
admin-user-added = added { $name } ({ $role })
admin-no-users = no users yet: add the first admin with `oomlens user add NAME --role admin`
admin-role-set = { $name } is now { $role }
admin-password-set = password of { $name } changed; its sessions ended
admin-file-exists = { $file } exists: choose a new file
admin-backed-up = backed up to { $file }
admin-exported = { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }, { $revisions ->
        [one] 1 revision
       *[other] { $revisions } revisions
    } written to { $dir }
admin-imported = { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }, { $revisions ->
        [one] 1 revision
       *[other] { $revisions } revisions
    } imported ({ $replaced } replaced a page's text; the old text stays in its history); restart the server to show them
admin-slug-not-file-name = { $file }: its front matter says `slug: { $slug }`; name the file { $slug }.md or change its slug
