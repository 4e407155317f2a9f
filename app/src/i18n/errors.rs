//! What the server says when it refuses a request or fails, in both languages. The server picks
//! an [`ErrorText`]; the page layer shows it in the reader's language, the API sends its stable
//! `code`, the English text as `error` and the text in the asked language as `message`.

use super::{text, tr, tr_args, Lang};

/// One error the server can answer with, and the facts its sentence needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorText {
    /// The form could not be decoded (`detail`: axum's reason).
    FormUnreadable { detail: String },
    /// An example button with an id no example has.
    UnknownExample { id: String },
    /// A paste over the limit (`limit`: in words, "2 MiB").
    PasteTooLarge { limit: String },
    /// An empty paste.
    PasteEmpty,
    /// `/d/{id}` with an id no paste has.
    PasteNotFound,
    /// A delete link whose key was not handed out for this paste.
    DeleteKeyWrong,
    /// `/lang/{code}` with a language oomlens does not speak.
    NoSuchLanguage { code: String },
    /// The API got a body that is neither text nor JSON (`got`: the content type, or none).
    UnsupportedType { got: String },
    /// The API got JSON it cannot read (`detail`: serde's reason).
    InvalidJson { detail: String },
    /// The API got a text over the limit (`limit`: bytes).
    TextTooLarge { limit: u64 },
    /// A query string that is not one.
    QueryUnreadable { detail: String },
    /// A page of the wiki needs someone signed in.
    SignInRequired,
    /// Signed in, without the role the action needs.
    NotAllowed,
    /// A form without this reader's CSRF token (an old tab, or another site's form).
    CsrfFailed,
    /// Too many failed sign-ins; `seconds` to wait.
    TooManyAttempts { seconds: u64 },
    /// No wiki page (or revision) by that name.
    WikiPageNotFound,
    /// A method the route does not answer (`method`: the one tried).
    MethodNotAllowed { method: String },
    /// A URL longer than the server reads.
    UriTooLong,
    /// Request headers larger than the server reads.
    HeadersTooLarge,
    /// A request body larger than its route reads (a form far over a page's size).
    BodyTooLarge,
    /// A request the framework refused before a handler ran (`detail`: its reason, in English).
    Rejected { detail: String },
    /// The body stopped arriving for longer than the server waits.
    BodyTimedOut,
    /// Every analysis slot stayed taken, or too many requests at once; `seconds` to wait.
    Busy { seconds: u64 },
    /// The request ran past the server's time limit.
    TookTooLong,
    /// The body did not arrive whole (`detail`: why, in English).
    BodyIncomplete { detail: String },
    /// 5xx: saving a paste failed.
    SaveFailed,
    /// 5xx: the wiki's database failed.
    WikiFailed,
    /// 5xx: reading a paste failed.
    ReadFailed,
    /// 5xx: analysing a paste or a text failed.
    AnalysisFailed,
    /// 5xx: anything else.
    ServerFailed,
}

impl ErrorText {
    /// A stable name for programs (`too-large`), the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorText::FormUnreadable { .. } => "form-unreadable",
            ErrorText::UnknownExample { .. } => "unknown-example",
            ErrorText::PasteTooLarge { .. } | ErrorText::TextTooLarge { .. } => "too-large",
            ErrorText::PasteEmpty => "empty-paste",
            ErrorText::PasteNotFound => "paste-not-found",
            ErrorText::DeleteKeyWrong => "wrong-delete-key",
            ErrorText::NoSuchLanguage { .. } => "unknown-language",
            ErrorText::UnsupportedType { .. } => "unsupported-media-type",
            ErrorText::InvalidJson { .. } => "invalid-json",
            ErrorText::QueryUnreadable { .. } => "invalid-query",
            ErrorText::SignInRequired => "sign-in-required",
            ErrorText::NotAllowed => "not-allowed",
            ErrorText::CsrfFailed => "csrf-failed",
            ErrorText::TooManyAttempts { .. } => "too-many-attempts",
            ErrorText::WikiPageNotFound => "page-not-found",
            ErrorText::MethodNotAllowed { .. } => "method-not-allowed",
            ErrorText::UriTooLong => "uri-too-long",
            ErrorText::HeadersTooLarge => "headers-too-large",
            ErrorText::BodyTooLarge => "body-too-large",
            ErrorText::Rejected { .. } => "bad-request",
            ErrorText::BodyTimedOut => "body-timeout",
            ErrorText::Busy { .. } => "busy",
            ErrorText::TookTooLong => "timeout",
            ErrorText::BodyIncomplete { .. } => "body-incomplete",
            ErrorText::WikiFailed
            | ErrorText::SaveFailed
            | ErrorText::ReadFailed
            | ErrorText::AnalysisFailed
            | ErrorText::ServerFailed => "internal",
        }
    }

    /// The short title of the error page.
    pub fn title(&self, lang: Lang) -> String {
        let key = match self {
            ErrorText::FormUnreadable { .. } => "error-form-unreadable-title",
            ErrorText::UnknownExample { .. } => "error-unknown-example-title",
            ErrorText::PasteTooLarge { .. } => "error-paste-too-large-title",
            ErrorText::PasteEmpty => "error-paste-empty-title",
            ErrorText::PasteNotFound => "error-paste-not-found-title",
            ErrorText::DeleteKeyWrong => "error-delete-key-wrong-title",
            ErrorText::NoSuchLanguage { .. } => "error-no-such-language-title",
            ErrorText::UnsupportedType { .. } => "error-unsupported-type-title",
            ErrorText::InvalidJson { .. } => "error-invalid-json-title",
            ErrorText::TextTooLarge { .. } => "error-text-too-large-title",
            ErrorText::QueryUnreadable { .. } => "error-query-unreadable-title",
            ErrorText::SignInRequired => "error-sign-in-required-title",
            ErrorText::NotAllowed => "error-not-allowed-title",
            ErrorText::CsrfFailed => "error-csrf-failed-title",
            ErrorText::TooManyAttempts { .. } => "error-too-many-attempts-title",
            ErrorText::WikiPageNotFound => "error-wiki-page-not-found-title",
            ErrorText::MethodNotAllowed { .. } => "error-method-not-allowed-title",
            ErrorText::UriTooLong => "error-uri-too-long-title",
            ErrorText::HeadersTooLarge => "error-headers-too-large-title",
            ErrorText::BodyTooLarge => "error-body-too-large-title",
            ErrorText::Rejected { .. } => "error-rejected-title",
            ErrorText::BodyTimedOut => "error-body-timeout-title",
            ErrorText::Busy { .. } => "error-busy-title",
            ErrorText::TookTooLong => "error-took-too-long-title",
            ErrorText::BodyIncomplete { .. } => "error-body-incomplete-title",
            ErrorText::WikiFailed
            | ErrorText::SaveFailed
            | ErrorText::ReadFailed
            | ErrorText::AnalysisFailed
            | ErrorText::ServerFailed => "error-internal-title",
        };
        tr(lang, key)
    }

    /// What happened and what to do about it.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ErrorText::FormUnreadable { detail } => tr_args(
                lang,
                "error-form-unreadable",
                &[("detail", text(detail.clone()))],
            ),
            ErrorText::UnknownExample { id } => {
                tr_args(lang, "error-unknown-example", &[("id", text(id.clone()))])
            }
            ErrorText::PasteTooLarge { limit } => tr_args(
                lang,
                "error-paste-too-large",
                &[("limit", text(limit.clone()))],
            ),
            ErrorText::PasteEmpty => tr(lang, "error-paste-empty"),
            ErrorText::MethodNotAllowed { method } => tr_args(
                lang,
                "error-method-not-allowed",
                &[("method", text(method.clone()))],
            ),
            ErrorText::UriTooLong => tr(lang, "error-uri-too-long"),
            ErrorText::HeadersTooLarge => tr(lang, "error-headers-too-large"),
            ErrorText::BodyTooLarge => tr(lang, "error-body-too-large"),
            ErrorText::Rejected { detail } => {
                tr_args(lang, "error-rejected", &[("detail", text(detail.clone()))])
            }
            ErrorText::BodyTimedOut => tr(lang, "error-body-timeout"),
            ErrorText::TookTooLong => tr(lang, "error-took-too-long"),
            ErrorText::Busy { seconds } => tr_args(
                lang,
                "error-busy",
                &[("seconds", text(seconds.to_string()))],
            ),
            ErrorText::BodyIncomplete { detail } => tr_args(
                lang,
                "error-body-incomplete",
                &[("detail", text(detail.clone()))],
            ),
            ErrorText::PasteNotFound => tr(lang, "error-paste-not-found"),
            ErrorText::DeleteKeyWrong => tr(lang, "error-delete-key-wrong"),
            ErrorText::NoSuchLanguage { code } => tr_args(
                lang,
                "error-no-such-language",
                &[("code", text(code.clone()))],
            ),
            ErrorText::UnsupportedType { got } => tr_args(
                lang,
                "error-unsupported-type",
                &[("got", text(got.clone()))],
            ),
            ErrorText::InvalidJson { detail } => tr_args(
                lang,
                "error-invalid-json",
                &[("detail", text(detail.clone()))],
            ),
            ErrorText::TextTooLarge { limit } => tr_args(
                lang,
                "error-text-too-large",
                &[("limit", text(limit.to_string()))],
            ),
            ErrorText::QueryUnreadable { detail } => tr_args(
                lang,
                "error-query-unreadable",
                &[("detail", text(detail.clone()))],
            ),
            ErrorText::SignInRequired => tr(lang, "error-sign-in-required"),
            ErrorText::NotAllowed => tr(lang, "error-not-allowed"),
            ErrorText::CsrfFailed => tr(lang, "error-csrf-failed"),
            ErrorText::TooManyAttempts { seconds } => tr_args(
                lang,
                "error-too-many-attempts",
                &[("minutes", super::number(seconds.div_ceil(60) as f64))],
            ),
            ErrorText::WikiPageNotFound => tr(lang, "error-wiki-page-not-found"),
            ErrorText::WikiFailed => tr(lang, "error-wiki-failed"),
            ErrorText::SaveFailed => tr(lang, "error-save-failed"),
            ErrorText::ReadFailed => tr(lang, "error-read-failed"),
            ErrorText::AnalysisFailed => tr(lang, "error-analysis-failed"),
            ErrorText::ServerFailed => tr(lang, "error-server-failed"),
        }
    }
}
