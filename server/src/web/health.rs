//! `GET /healthz`: 200 `ok` only when the server can do its work — the database takes a write
//! (a paste or a wiki save would succeed) and the knowledge base's search index answers; else 503
//! with `{"status": "unavailable", "problems": [...]}` naming what failed, for a proxy's or an
//! orchestrator's health check.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The check.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    let database = match tokio::task::spawn_blocking(move || store.check_writable()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(error.to_string()),
        Err(panicked) => Err(panicked.to_string()),
    };
    let knowledge = state.site.kb();
    let request = kb::SearchRequest {
        query: "memory".into(),
        tag: None,
        lang: None,
        limit: 1,
    };
    let index = if knowledge.pages().is_empty() || knowledge.search(&request).total == 0 {
        Err("the knowledge base's search index finds nothing".to_string())
    } else {
        Ok(())
    };
    let problems: Vec<String> = [("database", database), ("index", index)]
        .into_iter()
        .filter_map(|(what, result)| result.err().map(|e| format!("{what}: {e}")))
        .collect();
    if problems.is_empty() {
        return "ok".into_response();
    }
    tracing::warn!(problems = problems.join("; "), "health check failed");
    let body = serde_json::json!({"status": "unavailable", "problems": problems});
    (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response()
}
