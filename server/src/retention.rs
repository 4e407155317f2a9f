//! The background task that enforces `--paste-retention-days` and `--paste-max-total`: at start
//! and then every hour it removes what the limits no longer allow, logs what it removed, and
//! forgets what was made from those pastes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::state::AppState;
use crate::store::{Purged, Retention};

/// How often the limits are enforced. A paste may outlive its retention by up to this.
pub const PERIOD: Duration = Duration::from_secs(3600);

/// One purge now: removes, forgets, logs. Errors are logged, not returned: the next run retries.
pub async fn purge_once(state: &AppState) -> Option<Purged> {
    let retention = state.config.retention();
    if retention == Retention::default() {
        return None;
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        });
    let store = state.store.clone();
    let purged = match tokio::task::spawn_blocking(move || store.purge(&retention, now)).await {
        Ok(Ok(purged)) => purged,
        Ok(Err(error)) => {
            tracing::error!("paste retention: {error}");
            return None;
        }
        Err(error) => {
            tracing::error!("paste retention task failed: {error}");
            return None;
        }
    };
    for id in &purged.ids {
        state.forget_paste(id);
    }
    crate::metrics::pastes_removed("expired", purged.expired);
    crate::metrics::pastes_removed("over_total", purged.over_total);
    if !purged.ids.is_empty() {
        tracing::info!(
            removed = purged.ids.len(),
            expired = purged.expired,
            over_total = purged.over_total,
            bytes = purged.bytes,
            "pastes removed by retention"
        );
    }
    Some(purged)
}

/// Runs [`purge_once`] now and every [`PERIOD`] until the task is aborted.
pub async fn run(state: AppState) {
    let mut ticks = tokio::time::interval(PERIOD);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        purge_once(&state).await;
    }
}
