//! storyline's service: an HTTP API and a web page over an embedded index
//! ([`storyline_index::Index`]). A thin shell: every route is one library
//! call, run on a blocking thread with a per-thread read connection, so
//! readers never wait for each other or for an ingest (SQLite WAL).
//!
//! Routes (all answers JSON, errors as `{"error": "..."}`):
//!
//! | route | what |
//! |---|---|
//! | `GET /healthz` | liveness and index counts |
//! | `GET /api/stories?q=&source=&language=&from=&to=&min_docs=&sort=&limit=&offset=` | stories filtered and sorted ([`storyline_index::StoryQuery`]), a page at a time, with how many match |
//! | `GET /api/stories/{id}?since=` | one story: timeline, what's new, quotes, members, copies; entries and quotes dated after `since` marked `new` |
//! | `GET /api/stories/{id}/export?format=json\|csv&since=` | the story as a JSON download, or its timeline as CSV |
//! | `GET /api/documents/{id}` | clean text, metadata, its story's title, its copies with shared passages |
//! | `GET /api/compare?a=&b=` | two documents and the passages and sentences they share |
//! | `GET /api/search?q=&limit=&offset=` | full-text search over documents (FTS5) |
//! | `GET /api/facets?limit=` | outlets and languages with counts, the span of dates |
//! | `POST /api/documents` | ingest a JSON object, a JSON array, JSONL, a text or an HTML page; needs the bearer token; off without one |
//! | `GET /` | the web page |
//!
//! The server expects hostile clients and a hostile network; every bound is
//! a field of [`Limits`]:
//!
//! | status | when |
//! |---|---|
//! | 400 | a malformed parameter (an unknown `sort` or `format`, a date not `YYYY-MM-DD`, `from` after `to`, a number out of range), path (invalid UTF-8 included) or JSON body; `offset` past 2^63 − 1 |
//! | 401, 403 | a missing or wrong bearer token; ingest off (no token, or a read-only index) |
//! | 404, 405 | no such route, story or document; a method the route does not take |
//! | 408 | the body did not arrive within [`Limits::body_timeout`]; the connection is closed |
//! | 413 | a body over [`Limits::max_body_bytes`], or more than [`Limits::max_documents`] documents |
//! | 414, 431 | a request target over [`Limits::max_uri_bytes`]; headers over [`Limits::max_header_bytes`] or [`Limits::max_headers`] |
//! | 415 | a compressed body or a WARC archive (for `storyline ingest`) |
//! | 500 | the index failed: a generic sentence, the detail on standard error |
//! | 503 | [`Limits::max_queued_writes`] ingests already waiting, or [`Limits::max_connections`] reached (with `Retry-After`) |
//!
//! A connection is closed when it sends nothing for [`Limits::idle_timeout`]
//! (before a request, or between two), takes over [`Limits::header_timeout`]
//! to send a header once it started, or leaves a response unread for
//! [`Limits::idle_timeout`]. Every response carries
//! `X-Content-Type-Options: nosniff`. Requests beyond hyper's own limits
//! (targets over 64 KiB, headers over about 400 KiB or twice
//! [`Limits::max_headers`] fields) are refused by hyper with an empty body.

mod api;
mod error;
mod export;
mod params;
mod policy;
mod transport;
mod upload;
mod web;

use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use storyline_index::Index;

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
    /// What one client may ask, and how long it may take.
    pub limits: Limits,
}

impl ServerConfig {
    /// Defaults for an index file: 127.0.0.1:8080, no token, [`Limits::default`].
    pub fn new(db: impl Into<PathBuf>) -> Self {
        ServerConfig {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            limits: Limits::default(),
        }
    }
}

/// Bounds on what clients may ask of the server and how slowly, so that
/// neither a slow nor a greedy client holds memory, threads or connections.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body, in bytes (413 beyond); 16 MiB.
    pub max_body_bytes: usize,
    /// Most documents one `POST /api/documents` may carry (413 beyond); 10,000.
    pub max_documents: usize,
    /// Ingest requests that may wait while another is written; one more is
    /// answered 503. Waiting requests hold their bodies in memory; 8.
    pub max_queued_writes: usize,
    /// Longest request target (path and query), in bytes (414 beyond); 8 KiB.
    pub max_uri_bytes: usize,
    /// Most bytes of request header fields, names and values (431 beyond); 16 KiB.
    pub max_header_bytes: usize,
    /// Most request header fields (431 beyond); 100.
    pub max_headers: usize,
    /// Connections served at once; another is answered 503 and closed; 1,024.
    pub max_connections: usize,
    /// Index reads run at once, each on a blocking thread that keeps a read
    /// connection (a 256 MiB map of the file, 16 MiB of page cache); the
    /// rest wait their turn. Four per core.
    pub max_index_threads: usize,
    /// Time to finish sending a request header once its first byte came; 10 s.
    pub header_timeout: Duration,
    /// Time to send a request body, from the end of its header (408
    /// beyond); 30 s.
    pub body_timeout: Duration,
    /// Time a connection may stay silent before a request (keep-alive
    /// included), and a response may stay unread; 30 s.
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_body_bytes: 16 << 20,
            max_documents: 10_000,
            max_queued_writes: 8,
            max_uri_bytes: 8 << 10,
            max_header_bytes: 16 << 10,
            max_headers: 100,
            max_connections: 1024,
            max_index_threads: 4 * cores,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
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
    /// False when the index could only be opened for reading: ingest is off.
    pub(crate) writable: bool,
    /// One writer at a time; readers never take it.
    pub(crate) writer: tokio::sync::Mutex<()>,
    /// The ingest requests admitted: the one writing and those waiting.
    pub(crate) write_queue: tokio::sync::Semaphore,
    /// One permit per index read running on a blocking thread.
    pub(crate) index_threads: Arc<tokio::sync::Semaphore>,
}

/// The application: API routes, the web page, JSON fallbacks, the request
/// limits and response headers every route shares. Creates the index file
/// when absent, so a new server shows an empty index; an index that can
/// only be read is served read-only (ingest off), and says so on standard
/// error.
pub fn app(config: ServerConfig) -> Result<Router, ServeError> {
    let writable = match Index::open(&config.db) {
        Ok(_) => true,
        Err(err) if Index::open_read(&config.db).is_ok() => {
            eprintln!("storyline serve: {err}; serving it read-only, ingest over HTTP is off");
            false
        }
        Err(err) => return Err(err.into()),
    };
    let limits = config.limits.clone();
    let state = Arc::new(AppState {
        writable,
        writer: tokio::sync::Mutex::new(()),
        write_queue: tokio::sync::Semaphore::new(limits.max_queued_writes + 1),
        index_threads: Arc::new(tokio::sync::Semaphore::new(limits.max_index_threads.max(1))),
        config,
    });
    let routes = api::routes(state).merge(web::routes()).fallback(api::not_found);
    Ok(policy::apply(routes, limits))
}

/// Serves until Ctrl-C; `ready` is called with the bound address (useful
/// with port 0).
pub async fn serve(config: ServerConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    serve_until(config, ready, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves until `shutdown` completes, then stops accepting, closes idle
/// connections and waits for the requests in progress (each bounded by the
/// [`Limits`] timeouts, apart from the index work itself).
pub async fn serve_until(
    config: ServerConfig,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let addr = config.addr;
    let io = |source| ServeError::Io { addr, source };
    let limits = config.limits.clone();
    let router = app(config)?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(io)?;
    ready(listener.local_addr().map_err(io)?);
    transport::serve(listener, router, &limits, shutdown).await;
    Ok(())
}

/// [`serve`] on a runtime of its own, for callers without one (the CLI).
/// Its blocking threads are capped at the index reads allowed at once plus
/// the writer, so each holds one read connection and their number is bounded.
pub fn serve_blocking(config: ServerConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let addr = config.addr;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(config.limits.max_index_threads.max(1) + 1)
        .build()
        .map_err(|source| ServeError::Io { addr, source })?
        .block_on(serve(config, ready))
}
