//! `oomlens serve`: run the site until Ctrl+C or SIGTERM.

use std::process::ExitCode;

use crate::config::ServeConfig;
use crate::web;

/// Starts logging and the server, and waits for a stop signal.
pub fn run(config: ServeConfig) -> ExitCode {
    // held to the end: dropping it writes out the lines still queued
    let _log_writer = init_logging(config.log_format == "json");
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("oomlens: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("oomlens: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let data = config.data.clone();
    let server = web::start(config).await?;
    tracing::info!(
        "oomlens listening on http://{} (data in {})",
        server.addr(),
        data.display()
    );
    web::shutdown_signal().await;
    server.stop().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Logs to stderr, as text or (`json`) one JSON object per line with the event's fields;
/// `RUST_LOG` overrides the default level (info for oomlens, warn for the rest).
///
/// Lines are written by a thread of their own (`tracing_appender::non_blocking`): a request only
/// queues its line. Writing each request's line itself cost a quarter of a cached page's
/// throughput (`bench/load.sh`). The queue is not lossy: when it is full, requests wait for the
/// writer rather than drop lines. The guard returned writes out what is queued when dropped.
fn init_logging(json: bool) -> tracing_appender::non_blocking::WorkerGuard {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("warn,server=info,kb=info,oomlens=info")
    });
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("oomlens-log")
        // Buffered: the writer thread writes what is queued in one go and flushes when the queue
        // is empty, so a quiet server's line still reaches the log at once.
        .finish(std::io::BufWriter::new(std::io::stderr()));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        // Colours only for a person at a terminal, not in log files and journals.
        builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init()
    };
    guard
}
