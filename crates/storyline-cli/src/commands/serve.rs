//! `storyline serve --db FILE`: the HTTP API and the web page.

use crate::Outcome;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use storyline_server::ServerConfig;

/// Flags of `storyline serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The index file (created when absent).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Address to listen on; loopback unless you say otherwise.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: SocketAddr,
    /// Bearer token that allows `POST /api/documents` (also read from
    /// STORYLINE_TOKEN); without one, ingest over HTTP is off.
    #[arg(long, env = "STORYLINE_TOKEN", hide_env_values = true, value_name = "T")]
    token: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    max_body_bytes: usize,
}

/// Serves until interrupted.
pub fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    let mut config = ServerConfig::new(args.db);
    config.addr = args.addr;
    config.token = args.token.filter(|t| !t.is_empty());
    config.limits.max_body_bytes = args.max_body_bytes;
    if !config.addr.ip().to_canonical().is_loopback() {
        eprintln!(
            "storyline: warning: {} is not a loopback address: anyone who can reach it can read the index{}, \
             over plain HTTP",
            config.addr,
            if config.token.is_some() {
                " and, with the token, add to it"
            } else {
                ""
            }
        );
    }
    storyline_server::serve_blocking(config, |addr| {
        eprintln!("storyline: serving http://{addr}/ (Ctrl-C to stop)");
    })?;
    Ok(Outcome::Completed(None))
}
