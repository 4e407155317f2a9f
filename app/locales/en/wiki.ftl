# The team wiki: signing in, the edit form, history, comparisons, recent changes.

signin-title = Sign in
signin-name = Name
signin-password = Password
signin-submit = Sign in
signin-no-account = No account? An admin creates one with `oomlens user add NAME`.
signin-proxy-note = This site normally signs you in through your lab's single sign-on. Local accounts sign in here.
signin-failed = That name and password do not match an account.
signout = Sign out
signed-in-as = Signed in as { $name }

new-title = New page
edit-title = Edit “{ $title }”
edit-has-problems = Some fields need fixing before the page can be saved. Your text is kept below.
edit-conflict-title = Someone else changed this page while you were editing
edit-conflict = Revision { $revision } by { $author } changed the same lines as your edit, so nothing was saved. Your text is still in the box below; this is what changed meanwhile. Bring the two together and save again.
edit-deleted-title = Someone deleted this page while you were editing
edit-deleted = { $author } deleted this page (revision { $revision }) after you opened this form, so nothing was saved. Your text is still in the box below. Save again to bring the page back with it.
edit-unknown-base-title = This form started from a revision the wiki does not have
edit-unknown-base = The revision this form was opened on is not in this page's history (the wiki may have been restored from an older backup), so nothing was saved. Your text is still in the box below; this is how it differs from the page as it is now (revision { $revision } by { $author }). Save again to replace it.
edit-original-changed-title = The page's original text changed while you were editing
edit-original-changed = The built-in or lab-folder text this form started from has changed since you opened it (someone edited or removed the file), so nothing was saved. Your text is still in the box below; this is how it differs from the text now. Bring in what you want to keep and save again.
edit-refused-signed-out-title = You are signed out: nothing was saved
edit-refused-signed-out = Your session ended before this was saved (it expired, or you signed out in another tab). Your text is still in the box below. Sign in in another tab, then press Save here again.
edit-refused-sign-in = Sign in (opens a new tab)
edit-refused-not-allowed-title = Your account cannot edit: nothing was saved
edit-refused-not-allowed = Your account may read the wiki but not change it. Your text is still in the box below: copy it, or ask an admin for the editor role.
edit-refused-expired-title = This form expired: nothing was saved
edit-refused-expired = The form was opened under another sign-in than yours now (you signed in again meanwhile). Your text is still in the box below, in a fresh form: press Save again.
edit-merged = Someone else saved this page while you were editing; their changes touched other lines and were merged with yours.
edit-preview = Preview
edit-save = Save
edit-preview-label = Preview
field-title = Title
field-slug = Slug
field-slug-help = The page's address: lowercase letters, digits and hyphens (fragmentation-zh). It cannot change once the page exists.
field-lang = Language
field-tags = Tags
field-tags-help = Separated by commas. Use the library's tag names (allocator, batch-size, multi-gpu…) and the page joins their groups in both languages.
field-addresses = Findings it addresses
field-addresses-help = Finding ids, separated by commas (fragmentation, other-processes): diagnoses with these findings link here.
field-translation = Translation's slug
field-summary = Summary
field-patterns = Patterns
field-patterns-help = One regular expression per line: a pasted line that matches is shown as this note's error.
field-body = Text (markdown)
field-comment = What you changed
source-built-in = This page ships with oomlens. Your edit is kept as a wiki revision over it; the built-in text stays and can be brought back.
source-folder = This page is the note { $path } in the lab's folder. Your edit is kept as a wiki revision over it; the file is never written.
source-wiki = This page is kept in the wiki (revision { $revision }).
source-wiki-over = This page's wiki revision { $revision } shows over the built-in or folder version.
source-deleted = This page is deleted. Saving brings it back with the text below.

history-title = History of “{ $title }”
history-back = Back to the history
history-none = This page has no wiki revisions yet.
history-none-original = This page has no wiki revisions yet: it shows its built-in or folder text.
history-deleted-note = This page is deleted. Restore a revision, or undelete it from the page.
history-from = From
history-to = To
history-revision = Revision
history-when = When
history-author = Author
history-what = What
history-comment = Comment
history-actions = Actions
history-compare = Compare the chosen revisions
history-changes = changes
history-restore = Restore
history-pick-from = Compare from revision { $revision }
history-pick-to = Compare to revision { $revision }
revision-created = created
revision-over-original = edited (over the original)
revision-edited = edited
revision-merged = edited (merged)
revision-undeleted = undeleted
revision-deleted = deleted
revision-original = back to the original

compare-title = Changes to “{ $title }”
compare-side = revision { $revision } by { $author }, { $when }
compare-stat = { $added ->
        [one] 1 line added
       *[other] { $added } lines added
    }, { $removed ->
        [one] 1 removed
       *[other] { $removed } removed
    }
compare-omitted = The comparison is too long to list whole: its first { $shown } lines are above, and { $omitted } more changed lines are counted but not listed.
compare-same = The two revisions have the same text.
compare-old = Old
compare-new = New
compare-line = Line
compare-removed = removed:
compare-added = added:

recent-title = Recent changes
recent-lede = Every edit to the wiki, newest first.
recent-feed = Atom feed
recent-none = Nobody has edited the wiki yet.
recent-none-earlier = No earlier changes.
recent-older = Older changes
recent-history = history

note-title = Lab note: { $finding }
note-title-plain = Lab note
note-heading-error = The error
note-heading-fix = What fixed it
edit-slug-taken = A page with the slug `{ $slug }` already exists: edit that page, or choose another slug.
edit-body-empty = The page has no text yet.
edit-too-large = The page is { $size }; a page holds at most { $limit }. Split it into pages that link to each other.

page-edit = Edit
page-history = History
page-delete = Delete
page-undelete = Undelete
page-revert = Back to the original
deleted-title = This page was deleted
deleted-lede = Someone deleted this page from the wiki. Its text and history are kept: an editor can bring it back.
restored-comment = Restored revision { $revision }
