//! The web page: an HTML file, its style sheet and its scripts (ES modules,
//! one per view), compiled into the binary: no front-end build, nothing
//! read from disk, so no path reaches the file system.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// Every file of the page: its path, type and contents.
const ASSETS: [(&str, &str, &str); 8] = [
    ("/", HTML, include_str!("index.html")),
    ("/style.css", CSS, include_str!("style.css")),
    ("/app.js", JS, include_str!("app.js")),
    ("/dom.js", JS, include_str!("dom.js")),
    ("/list.js", JS, include_str!("list.js")),
    ("/story.js", JS, include_str!("story.js")),
    ("/timeline.js", JS, include_str!("timeline.js")),
    ("/document.js", JS, include_str!("document.js")),
];

/// Scripts and styles only from this server: scraped text shown on the
/// page can never run as code.
const CSP: &str =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        body,
    )
}

pub fn routes() -> Router {
    ASSETS
        .iter()
        .fold(Router::new(), |router, &(path, content_type, body)| {
            router.route(path, get(move || async move { asset(content_type, body) }))
        })
}
