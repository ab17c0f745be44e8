//! storyline's service: an HTTP API and a web page over an embedded index
//! ([`storyline_index::Index`]). A thin shell: every route is one library
//! call, run on a blocking thread with a per-thread read connection, so
//! readers never wait for each other or for an ingest (SQLite WAL).
//!
//! Routes (all answers JSON; errors are `{"error": "..."}` with a 4xx code):
//!
//! | route | what |
//! |---|---|
//! | `GET /healthz` | liveness and index counts |
//! | `GET /api/stories?q=&limit=&offset=` | stories, most recent first, or matching `q` |
//! | `GET /api/stories/{id}` | one story: timeline, what's new, quotes, members, copies |
//! | `GET /api/documents/{id}` | clean text, metadata, its copies with shared passages |
//! | `GET /api/search?q=&limit=&offset=` | full-text search over documents (FTS5) |
//! | `POST /api/documents` | ingest a JSON object, a JSON array or JSONL; needs the bearer token; off without one |
//! | `GET /` | the web page |

mod api;
mod web;

use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The index file.
    pub db: PathBuf,
    /// Where to listen; loopback by default.
    pub addr: SocketAddr,
    /// Bearer token that allows `POST /api/documents`; ingest over HTTP is
    /// off without one.
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl ServerConfig {
    /// Defaults for an index file: 127.0.0.1:8080, no token, 16 MiB bodies.
    pub fn new(db: impl Into<PathBuf>) -> Self {
        ServerConfig {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            max_body_bytes: 16 << 20,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The index could not be opened or created.
    #[error(transparent)]
    Index(#[from] storyline_index::Error),
    /// The address could not be bound, or the server failed.
    #[error("{addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// What failed.
        source: std::io::Error,
    },
}

/// Shared by every request.
pub(crate) struct AppState {
    pub(crate) config: ServerConfig,
    /// One writer at a time; readers never take it.
    pub(crate) writer: tokio::sync::Mutex<()>,
}

/// The application: API routes, the web page, JSON fallbacks. Creates the
/// index file when absent, so a new server shows an empty index.
pub fn app(config: ServerConfig) -> Result<Router, ServeError> {
    drop(storyline_index::Index::open(&config.db)?);
    let state = Arc::new(AppState {
        config,
        writer: tokio::sync::Mutex::new(()),
    });
    Ok(api::routes(state.clone()).merge(web::routes()).fallback(api::not_found))
}

/// Serves until Ctrl-C; `ready` is called with the bound address (useful
/// with port 0).
pub async fn serve(config: ServerConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let addr = config.addr;
    let io = |source| ServeError::Io { addr, source };
    let router = app(config)?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(io)?;
    ready(listener.local_addr().map_err(io)?);
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(io)
}

/// [`serve`] on a runtime of its own, for callers without one (the CLI).
pub fn serve_blocking(config: ServerConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let addr = config.addr;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Io { addr, source })?
        .block_on(serve(config, ready))
}
