# What the server says when it refuses a request or fails.
error-form-unreadable-title = This form could not be read
error-form-unreadable = The form could not be read ({ $detail }). Paste the text into the box on the home page and press Diagnose.
error-unknown-example-title = Unknown example
error-unknown-example = There is no example called "{ $id }".
error-paste-too-large-title = This paste is too large
error-paste-too-large = Pastes are limited to { $limit } on this server. Paste the part of the log around the error (the traceback and the lines before it), or run `oomlens diagnose FILE` on the whole log.
error-paste-empty-title = Nothing to diagnose
error-paste-empty = The paste box was empty. Paste an error message or a log, or try one of the examples.
error-paste-not-found-title = This diagnosis does not exist
error-paste-not-found = No paste has this id. Links to pastes stay valid as long as the server keeps its data folder; this one may be mistyped.
error-no-such-language-title = No such language
error-no-such-language = oomlens speaks English (en) and Chinese (zh), not "{ $code }".
error-unsupported-type-title = Unsupported content type
error-unsupported-type = send the text as `text/plain` or as JSON `{"{"}"text": ...{"}"}` with `application/json`; got { $got }
error-invalid-json-title = Invalid JSON
error-invalid-json = invalid JSON: { $detail }; expected {"{"}"text": "..."{"}"}
error-text-too-large-title = Too large
error-text-too-large = the text is larger than this server's limit of { $limit } bytes
error-query-unreadable-title = Unreadable query
error-query-unreadable = the query string could not be read: { $detail }
error-internal-title = Something went wrong on our side
error-save-failed = The paste could not be saved. The server log has the details; try again in a moment.
error-read-failed = The paste could not be read. The server log has the details; try again in a moment.
error-analysis-failed = The text could not be analysed. The server log has the details; try again in a moment.
error-server-failed = The server could not answer this request. The server log has the details; try again in a moment.
error-sign-in-required-title = Sign in first
error-sign-in-required = This needs you to be signed in. Sign in, then try again.
error-not-allowed-title = Not allowed
error-not-allowed = Your account may read the wiki but not change it. Ask an admin for the editor role.
error-csrf-failed-title = This form has expired
error-csrf-failed = The form did not carry this browser's token, so nothing was changed. Go back, reload the page and send it again.
error-too-many-attempts-title = Too many attempts
error-too-many-attempts = Too many failed sign-ins for this account or address. Try again in { $minutes ->
        [one] 1 minute
       *[other] { $minutes } minutes
    }.
error-wiki-page-not-found-title = No such page
error-wiki-page-not-found = The wiki has no page or revision by this name.
error-wiki-failed = The wiki could not save or read this. The server log has the details; try again in a moment.
