//! The HTTP API over an index of the bundled example (and, for the lists'
//! filters, of tests/data/newsroom.jsonl beside it): every route and
//! parameter, its errors as JSON, the token, body limits, and paths that
//! try to escape.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use storyline_server::{app, ServerConfig};
use tower::ServiceExt;
use util::{indexed_examples, indexed_newsroom};

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

    /// A server over the newsroom index (no token).
    fn newsroom() -> Server {
        let dir = tempfile::tempdir().unwrap();
        Server {
            router: app(ServerConfig::new(indexed_newsroom(dir.path()))).unwrap(),
            _dir: dir,
        }
    }

    /// The status, headers and body of a GET.
    async fn fetch(&self, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        (parts.status, parts.headers, String::from_utf8(bytes.to_vec()).unwrap())
    }

    /// A GET that must succeed, as JSON.
    async fn ok(&self, uri: &str) -> Value {
        let (status, body) = self.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        body
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
    for uri in [
        "/",
        "/style.css",
        "/app.js",
        "/dom.js",
        "/list.js",
        "/story.js",
        "/timeline.js",
        "/document.js",
    ] {
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

/// The ids of a list's items.
fn ids(page: &Value) -> Vec<String> {
    items(page)
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().unwrap()
}

/// The story of a list whose title contains `words`.
fn titled<'a>(page: &'a Value, words: &str) -> &'a Value {
    items(page)
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains(words))
        .unwrap_or_else(|| panic!("no story titled …{words}… in {page}"))
}

#[tokio::test]
async fn story_lists_filter_sort_and_count() {
    let server = Server::newsroom();
    let all = server.ok("/api/stories?limit=200").await;
    assert_eq!(all["total"], 8, "{all}");
    let sizes: Vec<u64> = items(&all).iter().map(|s| s["documents"].as_u64().unwrap()).collect();
    assert_eq!(
        sizes.iter().filter(|&&n| n == 1).count(),
        3,
        "three single-article stories: {sizes:?}"
    );

    // Each item names its outlets, most documents first, and languages.
    let harbour = titled(&all, "Port Elwood");
    assert_eq!(
        harbour["sources"],
        serde_json::json!(["Daily Ledger", "Coast Wire", "Harbor Post"])
    );
    assert_eq!(harbour["source_count"], 3);
    assert_eq!(harbour["languages"], serde_json::json!(["eng"]));
    assert_eq!(
        (harbour["first_date"].as_str(), harbour["last_date"].as_str()),
        (Some("2024-03-01"), Some("2024-03-10"))
    );

    // Latest first, undated last; ties to the larger.
    let last: Vec<&str> = items(&all)
        .iter()
        .map(|s| s["last_date"].as_str().unwrap_or(""))
        .collect();
    assert!(last.windows(2).all(|w| w[0] >= w[1]), "{last:?}");

    let bigger = server.ok("/api/stories?min_docs=2").await;
    assert_eq!(bigger["total"], 5);
    assert!(items(&bigger).iter().all(|s| s["documents"].as_u64().unwrap() >= 2));
    assert_eq!(server.ok("/api/stories?min_docs=5").await["total"], 2);

    let coast = server.ok("/api/stories?source=Coast%20Wire").await;
    assert_eq!(coast["total"], 2, "the strike and the chess story: {coast}");
    assert!(items(&coast)
        .iter()
        .all(|s| s["sources"].as_array().unwrap().contains(&"Coast Wire".into())));
    assert_eq!(
        server.ok("/api/stories?source=coast%20wire").await["total"],
        0,
        "outlets match as stored"
    );

    let german = server.ok("/api/stories?language=deu").await;
    assert_eq!(ids(&german), ids(&server.ok("/api/stories?q=Vallorcine").await));
    assert_eq!(german["items"][0]["languages"], serde_json::json!(["deu"]));

    // A story is in a date range when its articles' span meets it.
    let march = server.ok("/api/stories?from=2024-03-01&to=2024-03-31").await;
    let mut titles: Vec<&str> = items(&march).iter().map(|s| s["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles[0].starts_with("Kestrel-7") && titles[1].starts_with("Port Elwood"),
        "{titles:?}"
    );
    assert_eq!(
        server.ok("/api/stories?to=2023-12-31").await["total"],
        3,
        "seeds (2022), marathon, museum"
    );
    let narrow = server
        .ok("/api/stories?from=2024-03-11&source=Daily%20Ledger&min_docs=2")
        .await;
    assert_eq!(narrow["total"], 0, "every filter must hold");

    let by_size = server.ok("/api/stories?sort=size&limit=200").await;
    let sizes: Vec<u64> = items(&by_size)
        .iter()
        .map(|s| s["documents"].as_u64().unwrap())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    assert!(
        by_size["items"][0]["title"].as_str().unwrap().starts_with("Kestrel-7"),
        "5 documents, later than the seeds' 5"
    );

    // Active: most documents in the 14 days up to the newest date
    // (2024-03-14): the satellite (5), the strike (4), then latest.
    let active = server.ok("/api/stories?sort=active&limit=3").await;
    let recent: Vec<u64> = items(&active)
        .iter()
        .map(|s| s["recent_documents"].as_u64().unwrap())
        .collect();
    assert_eq!(recent, [5, 4, 0]);
    assert!(active["items"][1]["title"].as_str().unwrap().contains("Port Elwood"));
    assert!(
        all["items"][0].get("recent_documents").is_none(),
        "only an active list counts them"
    );

    // Pages: every story once, whatever the page size and the order.
    for sort in ["latest", "size", "active"] {
        let whole = server.ok(&format!("/api/stories?sort={sort}&limit=200")).await;
        let mut seen = Vec::new();
        for offset in [0, 3, 6] {
            let page = server
                .ok(&format!("/api/stories?sort={sort}&limit=3&offset={offset}"))
                .await;
            assert_eq!(
                (page["total"].as_u64(), page["offset"].as_u64()),
                (Some(8), Some(offset))
            );
            seen.extend(ids(&page));
        }
        assert_eq!(seen, ids(&whole), "{sort}");
    }
    // Outlet and language filters, in each order.
    for sort in ["latest", "size", "active"] {
        let page = server
            .ok(&format!(
                "/api/stories?sort={sort}&source=Coast%20Wire&language=eng&limit=1&offset=1"
            ))
            .await;
        assert_eq!((page["total"].as_u64(), items(&page).len()), (Some(2), 1), "{sort}");
    }
    assert!(items(&server.ok("/api/stories?offset=8").await).is_empty());
}

#[tokio::test]
async fn a_text_query_ranks_by_match_and_size_and_keeps_the_filters() {
    let server = Server::newsroom();
    let found = server.ok("/api/stories?q=Kestrel").await;
    assert_eq!(found["total"], 1);
    assert!(found["items"][0]["title"].as_str().unwrap().starts_with("Kestrel-7"));
    assert_eq!(server.ok("/api/stories?q=Kestrel&language=deu").await["total"], 0);
    let latest = server.ok("/api/stories?q=Kestrel&sort=latest").await;
    assert_eq!(ids(&latest), ids(&found), "a query may take another order");
}

#[tokio::test]
async fn a_story_marks_what_is_new_since_a_date() {
    let server = Server::newsroom();
    let harbour = titled(&server.ok("/api/stories?q=Elwood").await, "Port Elwood")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let plain = server.ok(&format!("/api/stories/{harbour}")).await;
    assert!(plain.get("since").is_none());
    assert!(
        plain["timeline"][0].get("new").is_none(),
        "nothing marked without a date"
    );
    assert_eq!(plain["timeline"][0]["url"], "https://ledger.example/harbour-strike");
    assert_eq!(plain["sources"][0], "Daily Ledger");

    let story = server.ok(&format!("/api/stories/{harbour}?since=2024-03-05")).await;
    let timeline = story["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 4, "marked, not filtered");
    let new: Vec<bool> = timeline.iter().map(|e| e["new"].as_bool().unwrap()).collect();
    assert_eq!(new, [false, false, true, true], "after the date, not on it");
    let quotes = story["quotes"].as_array().unwrap();
    let new_quotes = quotes.iter().filter(|q| q["new"] == true).count();
    assert!(quotes.iter().all(|q| q["date"].is_string()));
    assert_eq!(
        story["since"],
        serde_json::json!({"date": "2024-03-05", "entries": 2, "quotes": new_quotes})
    );
    assert!(new_quotes >= 1 && new_quotes < quotes.len(), "{quotes:?}");

    // An undated article is never new.
    let seeds = server.ok("/api/stories?q=Lavrov").await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let seeds = server.ok(&format!("/api/stories/{seeds}?since=2000-01-01")).await;
    let undated = seeds["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["date"].is_null())
        .unwrap();
    assert_eq!(undated["new"], false);

    // Copies of an entry, with what identifies them.
    let kestrel = titled(&server.ok("/api/stories?q=Kestrel").await, "Kestrel")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let kestrel = server.ok(&format!("/api/stories/{kestrel}")).await;
    let copied = kestrel["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["copies"] == 2)
        .unwrap();
    let copy = &copied["copy_documents"][0];
    assert_ne!(copy["id"], copied["document"]);
    assert!(copy["source"].is_string() && copy["url"].is_string(), "{copy}");
}

#[tokio::test]
async fn a_story_downloads_as_json_or_csv() {
    let server = Server::newsroom();
    let kestrel = server.ok("/api/stories?q=Kestrel").await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, headers, body) = server
        .fetch(&format!("/api/stories/{kestrel}/export?format=csv&since=2024-03-12"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"story-{kestrel}.csv\"").as_str()
    );
    let lines: Vec<&str> = body.split_terminator("\r\n").collect();
    assert_eq!(lines[0], "date,precision,title,source,url,document,copies,new");
    assert_eq!(lines.len(), 5, "a header and four articles: {body}");
    assert!(
        lines.contains(&"2024-03-12,day,Kestrel-7 weather satellite ready for launch from Andøya,Orbit Today,https://orbit.example/kestrel-countdown,kestrel-1,1,false"),
        "{body}"
    );
    assert!(
        lines.iter().any(|l| l.ends_with(",2,true")),
        "the copied article, new: {body}"
    );

    let (status, headers, body) = server.fetch(&format!("/api/stories/{kestrel}/export")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .ends_with(".json\""));
    let story: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(story, server.ok(&format!("/api/stories/{kestrel}")).await);
}

#[tokio::test]
async fn facets_list_outlets_and_languages_with_counts() {
    let server = Server::newsroom();
    let facets = server.ok("/api/facets").await;
    assert_eq!(
        facets["sources"][0],
        serde_json::json!({"value": "Daily Ledger", "documents": 3, "stories": 2})
    );
    assert_eq!(facets["source_count"], facets["sources"].as_array().unwrap().len());
    let languages: Vec<&str> = facets["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["value"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["eng", "deu"]);
    assert_eq!(facets["languages"][1]["documents"], 3);
    assert_eq!(facets["last_date"], "2024-03-14");
    assert_eq!(facets["active_window_days"], 14);
    let two = server.ok("/api/facets?limit=2").await;
    assert_eq!(two["sources"].as_array().unwrap().len(), 2);
    assert_eq!(two["source_count"], facets["source_count"]);
}

#[tokio::test]
async fn search_pages_through_every_hit() {
    let server = Server::newsroom();
    let first = server.ok("/api/search?q=Kestrel&limit=2").await;
    let total = first["total"].as_u64().unwrap();
    assert_eq!(total, 5);
    let mut seen = ids(&first);
    for offset in [2, 4] {
        seen.extend(ids(&server
            .ok(&format!("/api/search?q=Kestrel&limit=2&offset={offset}"))
            .await));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);
    let hit = &first["items"][0];
    assert!(
        hit["source"].is_string() && hit["story_title"].as_str().unwrap().starts_with("Kestrel-7"),
        "{hit}"
    );
}

#[tokio::test]
async fn a_document_names_its_story_and_copies_and_two_compare() {
    let server = Server::newsroom();
    let single = server.ok("/api/documents/bakery").await;
    assert_eq!(single["copies"], serde_json::json!([]), "an empty list, never null");
    assert!(single["group"].is_null());
    assert_eq!(single["story_title"], "Fire destroys historic bakery on Mill Street");

    let copied = server.ok("/api/documents/kestrel-4").await;
    assert_eq!(copied["copies"][0]["id"], "kestrel-4-repost");
    assert_eq!(copied["copies"][0]["source"], "Science Digest");

    let both = server.ok("/api/compare?a=kestrel-4-repost&b=kestrel-4").await;
    assert_eq!(both["a"]["id"], "kestrel-4-repost");
    assert_eq!(both["b"]["title"], "Kestrel-7 satellite unfolds its radar antenna");
    assert_eq!(both["b"]["source"], "Wire Service");
    assert_eq!(both["b"]["published"], "2024-03-14");
    assert!(both["canonical"].is_string());
    assert!(both["link"]["rule"].is_string(), "{}", both["link"]);
    let shared = both["shared"].as_array().unwrap();
    assert_eq!(shared[0]["kind"], "passage");
    assert_eq!(
        (shared[0]["a_start"].as_u64(), shared[0]["b_start"].as_u64()),
        (Some(0), Some(0))
    );

    // Two articles of one story that are not copies: no link, and what
    // they share, if anything, measured on the spot.
    let apart = server.ok("/api/compare?a=kestrel-1&b=kestrel-2").await;
    assert!(apart["canonical"].is_null() && apart["link"].is_null());
    let (status, body) = server.get("/api/compare?a=kestrel-1&b=nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn bad_list_parameters_are_400_with_a_reason() {
    let server = Server::newsroom();
    for (uri, reason) in [
        ("/api/stories?sort=oldest", "sort"),
        ("/api/stories?min_docs=0", "min_docs"),
        ("/api/stories?min_docs=two", "min_docs"),
        ("/api/stories?from=2024-13-01", "from"),
        ("/api/stories?to=14.03.2024", "to"),
        (
            "/api/stories?from=2024-03-02&to=2024-03-01",
            "from must not be after to",
        ),
        ("/api/stories/s1?since=last%20week", "since"),
        ("/api/stories/s1/export?format=xml", "format"),
        ("/api/compare?a=kestrel-1", "a and b"),
        ("/api/facets?limit=0", "limit"),
        ("/api/search?q=kestrel&limit=201", "limit"),
        ("/api/search?q=kestrel&offset=x", "offset"),
    ] {
        let (status, body) = server.get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body["error"].as_str().unwrap().contains(reason), "{uri}: {body}");
    }
    let (status, body) = server.get("/api/stories/nothing/export?format=csv").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(body["error"].is_string());
}
