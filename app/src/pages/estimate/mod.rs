//! `/estimate`: will a run fit? A GET form (so an estimate is a link, and it works without
//! JavaScript), and under it the answer: the capacity bar of the parts, whether it fits the card,
//! the largest batch that does, the accumulation steps, and how each part is counted.

mod form;
mod result;
pub mod words;

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{text, tr, tr_args, ui_lang, Lang};

/// What the server read from the query: the inputs as typed, and the answer or the fields at
/// fault (`None` before anything was asked).
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateView {
    pub request: estimate::Request,
    pub outcome: Option<Result<estimate::Answer, Vec<estimate::FieldError>>>,
}

/// A field's problem in the reader's language.
pub fn field_error(lang: Lang, error: &estimate::FieldError) -> String {
    let args: Vec<(
        &'static str,
        fluent_templates::fluent_bundle::FluentValue<'static>,
    )> = error
        .values
        .iter()
        .map(|(name, value)| (*name, text(value.clone())))
        .collect();
    let mut args = args;
    args.push((
        "field",
        text(tr(lang, &format!("estimate-field-{}", error.field))),
    ));
    tr_args(lang, &format!("estimate-error-{}", error.code), &args)
}

/// The page.
#[component]
pub fn EstimatePage(view: std::sync::Arc<EstimateView>) -> impl IntoView {
    let lang = ui_lang();
    let errors = match &view.outcome {
        Some(Err(errors)) => errors.clone(),
        _ => Vec::new(),
    };
    let summary = (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|error| {
                let href = format!("#est-{}", error.field);
                view! { <li><a href=href>{field_error(lang, error)}</a></li> }
            })
            .collect_view();
        view! {
            <div class="notice error-summary" role="alert" tabindex="-1" id="estimate-errors">
                <h2>{tr(lang, "estimate-errors-heading")}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let answer = match &view.outcome {
        Some(Ok(answer)) => {
            Some(view! { <result::EstimateResult answer=answer.clone()/> }.into_any())
        }
        _ => None,
    };
    view! {
        <PageTitle text=tr(lang, "estimate-title")/>
        <section class="hero estimate-hero">
            <h1>{tr(lang, "estimate-heading")}</h1>
            <p class="lede">{tr(lang, "estimate-lede")}</p>
        </section>
        {summary}
        <div class="estimate-grid">
            <form::EstimateForm request=view.request.clone() errors/>
            <div class="estimate-answer">{answer}</div>
        </div>
    }
}
