//! The report with each finding's guides: the JSON of `POST /api/diagnose` and of
//! `oomlens diagnose --json`. A typed shape, serialized as it is: the report's own fields
//! (spec/report.md, unchanged) and `guides: [{slug, title, lang, url}]` on each finding.

use serde::Serialize;
use triage::{Event, Finding, Summary};

use crate::{Advice, Guide};

/// The report, each finding with its guides.
#[derive(Debug, Serialize)]
pub struct ReportWithGuides<'a> {
    pub events: &'a [Event],
    pub findings: Vec<FindingWithGuides<'a>>,
    pub summary: &'a Summary,
    /// The language the findings' words are in, when a client asked for one (`?lang=zh`); absent
    /// for the contract's English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'static str>,
}

/// A finding as the spec has it, and its guides.
#[derive(Debug, Serialize)]
pub struct FindingWithGuides<'a> {
    #[serde(flatten)]
    pub finding: &'a Finding,
    pub guides: Vec<GuideLink<'a>>,
}

/// A guide by name and address.
#[derive(Debug, Serialize)]
pub struct GuideLink<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub lang: &'a str,
    pub url: &'a str,
}

impl<'a> ReportWithGuides<'a> {
    pub(crate) fn new(advice: &'a Advice) -> Self {
        let findings = advice
            .report
            .findings
            .iter()
            .enumerate()
            .map(|(i, finding)| FindingWithGuides {
                finding,
                guides: advice
                    .guides
                    .get(i)
                    .map(|guides| guides.iter().map(GuideLink::of).collect())
                    .unwrap_or_default(),
            })
            .collect();
        ReportWithGuides {
            events: &advice.report.events,
            findings,
            summary: &advice.report.summary,
            lang: None,
        }
    }
}

impl<'a> GuideLink<'a> {
    fn of(guide: &'a Guide) -> Self {
        GuideLink {
            slug: &guide.slug,
            title: &guide.title,
            lang: guide.lang.as_str(),
            url: &guide.url,
        }
    }
}
