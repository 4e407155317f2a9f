//! `oomlens serve`: run the site until Ctrl+C or SIGTERM.

use std::process::ExitCode;

use crate::config::ServeConfig;
use crate::web;

/// Starts logging and the server, and waits for a stop signal.
pub fn run(config: ServeConfig) -> ExitCode {
    init_logging(config.log_format == "json");
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
fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("warn,server=info,kb=info,oomlens=info")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        // Colours only for a person at a terminal, not in log files and journals.
        builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init()
    };
}
