//! The HTTP API over an index of the bundled example: every route, its
//! errors as JSON, the token, body limits, and paths that try to escape.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use storyline_server::{app, ServerConfig};
use tower::ServiceExt;
use util::indexed_examples;

mod util;

struct Server {
    router: axum::Router,
    _dir: tempfile::TempDir,
}

impl Server {
    fn new(token: Option<&str>, max_body_bytes: usize) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut config = ServerConfig::new(indexed_examples(dir.path()));
        config.token = token.map(String::from);
        config.limits.max_body_bytes = max_body_bytes;
        Server {
            router: app(config).unwrap(),
            _dir: dir,
        }
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json =
            serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        (status, json)
    }

    async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    async fn post(&self, token: Option<&str>, body: impl Into<Body>) -> (StatusCode, Value) {
        let mut request = Request::post("/api/documents");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(body.into()).unwrap()).await
    }
}

#[tokio::test]
async fn reads_stories_documents_and_search() {
    let server = Server::new(None, 1 << 20);
    let (status, health) = server.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["index"]["documents"], 5);

    let (status, page) = server.get("/api/stories?limit=10").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["total"], 1);
    let story_id = page["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(page["items"][0]["documents"], 5);

    let (status, story) = server.get(&format!("/api/stories/{story_id}")).await;
    assert_eq!(status, StatusCode::OK);
    let timeline = story["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 3, "three distinct articles, copies folded");
    assert_eq!(timeline[0]["copies"], 3);
    assert!(!story["quotes"].as_array().unwrap().is_empty());
    let canonical = timeline[0]["document"].as_str().unwrap();
    assert_eq!(story["copies"][canonical].as_array().unwrap().len(), 3);

    let (status, doc) = server.get(&format!("/api/documents/{canonical}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["story"].as_str(), Some(story_id.as_str()));
    let pairs = doc["group"]["evidence"]["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    assert!(!pairs[0]["shared_passages"].as_array().unwrap().is_empty());

    let (status, hits) = server.get("/api/search?q=Lavrov%20Geneva").await;
    assert_eq!(status, StatusCode::OK);
    assert!(hits["total"].as_u64().unwrap() >= 1);
    assert!(hits["items"][0]["snippet"].as_str().unwrap().contains('\u{2}'));

    let (status, matching) = server.get("/api/stories?q=lavrov").await;
    assert_eq!((status, matching["total"].as_u64()), (StatusCode::OK, Some(1)));
    let (_, none) = server.get("/api/stories?q=volcano").await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn errors_are_json_with_4xx_codes() {
    let server = Server::new(None, 1 << 20);
    for (uri, code) in [
        ("/api/stories/s999", StatusCode::NOT_FOUND),
        ("/api/documents/nope.txt", StatusCode::NOT_FOUND),
        ("/api/search", StatusCode::BAD_REQUEST),
        ("/api/search?q=%20", StatusCode::BAD_REQUEST),
        ("/api/stories?limit=0", StatusCode::BAD_REQUEST),
        ("/api/stories?limit=abc", StatusCode::BAD_REQUEST),
        ("/api/stories?offset=-1", StatusCode::BAD_REQUEST),
        ("/api/nothing", StatusCode::NOT_FOUND),
        ("/../../etc/passwd", StatusCode::NOT_FOUND),
        ("/api/documents/..%2F..%2F..%2Fetc%2Fpasswd", StatusCode::NOT_FOUND),
        ("/api/documents/../../Cargo.toml", StatusCode::NOT_FOUND),
        ("/app.js/../../Cargo.toml", StatusCode::NOT_FOUND),
        ("/%2e%2e/%2e%2e/etc/passwd", StatusCode::NOT_FOUND),
    ] {
        let (status, body) = server.get(uri).await;
        assert_eq!(status, code, "{uri}");
        assert!(body["error"].is_string(), "{uri}: {body}");
    }
    // FTS5 syntax in a query is read as words, not as a query language.
    let (status, _) = server.get("/api/search?q=%22unbalanced%20AND%20(%20NEAR").await;
    assert_eq!(status, StatusCode::OK);
    let delete = Request::delete("/api/stories").body(Body::empty()).unwrap();
    let (status, body) = server.send(delete).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body["error"].is_string());
}

#[tokio::test]
async fn ingest_needs_the_token_and_respects_the_body_limit() {
    let off = Server::new(None, 1 << 20);
    let (status, body) = off.post(Some("anything"), r#"{"id":"n1","text":"x"}"#).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let server = Server::new(Some("s3cret"), 4096);
    let doc = serde_json::json!({
        "id": "wire-1",
        "title": "Lavrov and Blinken meet again in Geneva",
        "text": "Russian Foreign Minister Sergei Lavrov met US Secretary of State Antony Blinken in Geneva on \
                 Friday. The two discussed NATO and security guarantees for Russia and Ukraine.",
    })
    .to_string();
    assert_eq!(server.post(None, doc.clone()).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server.post(Some("wrong"), doc.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, report) = server.post(Some("s3cret"), doc.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    assert_eq!(report["added"], 1);
    let (status, again) = server.post(Some("s3cret"), doc).await;
    assert_eq!((status, again["already_indexed"].as_u64()), (StatusCode::OK, Some(1)));
    let (_, stored) = server.get("/api/documents/wire-1").await;
    assert!(stored["story"].is_string());

    let (status, body) = server.post(Some("s3cret"), "x".repeat(5000)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body["error"].is_string());
    let (status, _) = server.post(Some("s3cret"), "[1, 2]").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_page_is_served_with_a_content_security_policy() {
    let server = Server::new(None, 1 << 20);
    for uri in ["/", "/app.js", "/style.css"] {
        let response = server
            .router
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let csp = response.headers().get(header::CONTENT_SECURITY_POLICY).unwrap();
        assert!(csp.to_str().unwrap().contains("default-src 'self'"));
    }
}
