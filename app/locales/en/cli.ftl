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
