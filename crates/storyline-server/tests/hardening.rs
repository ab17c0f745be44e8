//! The server against hostile input and a hostile network (issue 20), over
//! real connections on loopback: slow and silent clients are cut on time,
//! a crowd of idle connections does not hide the server, every error is
//! JSON, posted documents are never lost to a name clash or stored as
//! broken JSON, and a read-only index is still served. Timeouts are set
//! short so that each test takes a few seconds at most.

use serde_json::Value;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use storyline_server::{serve_until, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::time::timeout;
use util::indexed_examples;

mod util;

/// Longest any single exchange in these tests may take.
const PATIENCE: Duration = Duration::from_secs(10);
const TOKEN: &str = "s3cret";

/// A server on a free loopback port, over an index of the examples.
struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl Running {
    async fn start(configure: impl FnOnce(&mut ServerConfig)) -> Running {
        let dir = tempfile::tempdir().unwrap();
        let db = indexed_examples(dir.path());
        Running::start_on(dir, db, configure).await
    }

    async fn start_on(
        dir: tempfile::TempDir,
        db: std::path::PathBuf,
        configure: impl FnOnce(&mut ServerConfig),
    ) -> Running {
        let mut config = ServerConfig::new(db);
        config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
        config.token = Some(TOKEN.into());
        configure(&mut config);
        let (ready, bound) = oneshot::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            serve_until(config, move |addr| ready.send(addr).unwrap(), shutdown)
                .await
                .unwrap();
        });
        let addr = timeout(PATIENCE, bound).await.unwrap().unwrap();
        Running {
            addr,
            stop: Some(stop),
            task,
            _dir: dir,
        }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.unwrap()
    }

    /// Sends `request` on a new connection and reads the answer.
    async fn exchange(&self, request: &[u8]) -> Answer {
        let mut stream = self.connect().await;
        stream.write_all(request).await.unwrap();
        timeout(PATIENCE, read_answer(&mut stream)).await.unwrap()
    }

    async fn get(&self, target: &str) -> Answer {
        self.exchange(format!("GET {target} HTTP/1.1\r\nhost: t\r\nconnection: close\r\n\r\n").as_bytes())
            .await
    }

    async fn post(&self, authorization: &str, body: &[u8]) -> Answer {
        let mut request = format!(
            "POST /api/documents HTTP/1.1\r\nhost: t\r\nconnection: close\r\nauthorization: {authorization}\r\n\
             content-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        self.exchange(&request).await
    }

    async fn documents(&self) -> u64 {
        self.get("/healthz").await.json["index"]["documents"].as_u64().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A response as read off the wire.
struct Answer {
    status: u16,
    head: String,
    json: Value,
}

impl Answer {
    /// The value of header `name` (lower case).
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    fn assert_error(&self, status: u16, context: &str) {
        assert_eq!(self.status, status, "{context}: {}", self.json);
        assert!(self.json["error"].is_string(), "{context}: {}", self.json);
        assert_eq!(self.header("content-type"), Some("application/json"), "{context}");
        assert_eq!(self.header("x-content-type-options"), Some("nosniff"), "{context}");
    }
}

/// Reads one response: its head, then a body of `content-length` bytes.
async fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(
            n > 0,
            "connection closed before a response: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        bytes.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(bytes[..head_end].to_vec()).unwrap();
    let mut answer = Answer {
        status: head[9..12].parse().unwrap(),
        head,
        json: Value::Null,
    };
    let length: usize = answer.header("content-length").map_or(0, |v| v.parse().unwrap());
    while bytes.len() < head_end + length {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "connection closed inside a body");
        bytes.extend_from_slice(&chunk[..n]);
    }
    let body = &bytes[head_end..head_end + length];
    answer.json = serde_json::from_slice(body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into()));
    answer
}

/// Waits until the server closes `stream` (end of file or a reset) and
/// returns how long that took.
async fn closed_after(stream: &mut TcpStream) -> Duration {
    let started = Instant::now();
    let mut sink = [0u8; 1024];
    loop {
        match timeout(PATIENCE, stream.read(&mut sink)).await.expect("still open") {
            Ok(0) | Err(_) => return started.elapsed(),
            Ok(_) => {}
        }
    }
}

fn short(config: &mut ServerConfig) {
    config.limits.header_timeout = Duration::from_millis(300);
    config.limits.idle_timeout = Duration::from_millis(600);
    config.limits.body_timeout = Duration::from_millis(300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_headers_and_silent_connections_are_closed_on_time() {
    let server = Running::start(short).await;

    let mut half = server.connect().await;
    half.write_all(b"GET /healthz HTTP/1.1\r\nhost: t\r\n").await.unwrap();
    let waited = closed_after(&mut half).await;
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(3),
        "{waited:?}"
    );

    let mut silent = server.connect().await;
    let waited = closed_after(&mut silent).await;
    assert!(
        waited >= Duration::from_millis(500) && waited < Duration::from_secs(3),
        "{waited:?}"
    );

    // A keep-alive connection is kept while it is used, then closed once
    // idle, not before.
    let mut kept = server.connect().await;
    for _ in 0..3 {
        kept.write_all(b"GET /healthz HTTP/1.1\r\nhost: t\r\n\r\n")
            .await
            .unwrap();
        assert_eq!(read_answer(&mut kept).await.status, 200);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let waited = closed_after(&mut kept).await;
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_within_a_second_beside_300_idle_and_50_slow_connections() {
    let server = Running::start(|_| {}).await;
    let mut crowd = Vec::new();
    for _ in 0..300 {
        crowd.push(server.connect().await);
    }
    for _ in 0..50 {
        let mut slow = server.connect().await;
        slow.write_all(b"GET /heal").await.unwrap();
        crowd.push(slow);
    }
    let started = Instant::now();
    let answer = server.get("/healthz").await;
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(answer.json["index"]["documents"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_are_answered_503_and_closed() {
    let server = Running::start(|config| config.limits.max_connections = 2).await;
    let held = [server.connect().await, server.connect().await];
    let mut third = server.connect().await;
    let answer = timeout(PATIENCE, read_answer(&mut third)).await.unwrap();
    answer.assert_error(503, "third connection");
    assert_eq!(answer.header("retry-after"), Some("1"));
    drop(held);
    // The permits come back as the server sees the two connections end.
    let deadline = Instant::now() + PATIENCE;
    while server.get("/healthz").await.status != 200 {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_is_cut_after_the_body_timeout() {
    let server = Running::start(short).await;
    let mut slow = server.connect().await;
    slow.write_all(
        format!(
            "POST /api/documents HTTP/1.1\r\nhost: t\r\nauthorization: Bearer {TOKEN}\r\ncontent-length: 1000\r\n\r\n\
             {{\"text\": \""
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let answer = timeout(PATIENCE, read_answer(&mut slow)).await.unwrap();
    answer.assert_error(408, "slow body");
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
    closed_after(&mut slow).await;
    assert_eq!(server.documents().await, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posted_texts_without_ids_are_all_kept_and_broken_json_is_refused() {
    let server = Running::start(|_| {}).await;
    let bearer = format!("bearer {TOKEN}");
    let texts = [
        "Storm Ciaran closed every school in Brittany on Thursday, the regional authority said. \
         Buses stayed in their depots and ferries to the islands were cancelled until Friday.",
        "Storm Ciaran cut power to 1.2 million homes in western France overnight, Enedis said. \
         Crews from across the country were sent to Normandy to restore the lines.",
    ];
    let mut ids = Vec::new();
    for text in texts {
        let answer = server.post(&bearer, text.as_bytes()).await;
        assert_eq!(answer.status, 201, "{}", answer.json);
        ids.push(answer.json["documents"][0].as_str().unwrap().to_string());
    }
    assert_ne!(ids[0], ids[1]);
    for (id, text) in ids.iter().zip(texts) {
        let stored = server.get(&format!("/api/documents/{id}")).await;
        assert_eq!(stored.status, 200, "{id}");
        assert!(
            stored.json["text"].as_str().unwrap().contains(&text[..40]),
            "{}",
            stored.json
        );
    }
    // The same text again is the same document.
    let again = server.post(&bearer, texts[0].as_bytes()).await;
    assert_eq!((again.status, again.json["already_indexed"].as_u64()), (200, Some(1)));

    for (body, place) in [
        (
            &br#"[{"text": "A record whose array never ends."}"#[..],
            "line 1 column",
        ),
        (b"{\"text\": \"one\"}\n{\"text\": \"two\"\n", "line 3"),
        (b"{\"text\": \"one\"} [2]", "expected"),
    ] {
        let answer = server.post(&bearer, body).await;
        answer.assert_error(400, &String::from_utf8_lossy(body));
        assert!(
            answer.json["error"].as_str().unwrap().contains(place),
            "{}",
            answer.json
        );
    }
    assert_eq!(server.documents().await, 7, "nothing stored from broken JSON");

    let bom = "\u{feff}{\"id\": \"bom-1\", \"title\": \"Brittany schools reopen\", \
               \"text\": \"Schools in Brittany reopened on Monday after Storm Ciarán, the rector said.\"}";
    let answer = server.post(&format!("BEARER {TOKEN}"), bom.as_bytes()).await;
    assert_eq!(answer.status, 201, "{}", answer.json);
    assert_eq!(answer.json["documents"][0], "bom-1");
    let stored = server.get("/api/documents/bom-1").await;
    assert_eq!(stored.json["title"], "Brittany schools reopen");
    assert!(!stored.json["text"].as_str().unwrap().contains('{'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_is_json_and_every_response_says_nosniff() {
    let server = Running::start(|config| {
        config.limits.max_documents = 2;
        config.limits.max_body_bytes = 4096;
    })
    .await;
    for target in ["/", "/app.js", "/healthz", "/api/stories"] {
        let answer = server.get(target).await;
        assert_eq!(answer.status, 200, "{target}");
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"), "{target}");
    }
    for (target, status) in [
        ("/api/stories/%FF", 400),
        ("/api/documents/%C3%28", 400),
        ("/api/stories?limit=%FF%FE", 400),
        ("/api/stories?offset=9223372036854775808", 400),
        ("/api/search?q=x&offset=18446744073709551616", 400),
        ("/api/nothing", 404),
        ("/api/stories/s999", 404),
    ] {
        server.get(target).await.assert_error(status, target);
    }
    let last_page = server.get("/api/stories?offset=9223372036854775807").await;
    assert_eq!(last_page.status, 200);
    assert_eq!(last_page.json["items"].as_array().map(Vec::len), Some(0));

    let answer = server
        .exchange(b"DELETE /api/stories HTTP/1.1\r\nhost: t\r\nconnection: close\r\n\r\n")
        .await;
    answer.assert_error(405, "DELETE");
    let answer = server
        .exchange(b"POST / HTTP/1.1\r\nhost: t\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")
        .await;
    answer.assert_error(405, "POST /");

    let bearer = format!("Bearer {TOKEN}");
    let three = b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\"}\n";
    server.post(&bearer, three).await.assert_error(413, "three documents");
    // Refused on its declared length, before the body is sent; or, sent
    // in chunks of no declared length, once it grows past the limit.
    let declared =
        format!("POST /api/documents HTTP/1.1\r\nhost: t\r\nauthorization: {bearer}\r\ncontent-length: 4097\r\n\r\n");
    server
        .exchange(declared.as_bytes())
        .await
        .assert_error(413, "a declared length over the limit");
    let chunked = format!(
        "POST /api/documents HTTP/1.1\r\nhost: t\r\nauthorization: {bearer}\r\n\
         transfer-encoding: chunked\r\n\r\n{chunk:x}\r\n{}\r\n{chunk:x}\r\n{}\r\n0\r\n\r\n",
        "x".repeat(3000),
        "x".repeat(3000),
        chunk = 3000
    );
    server
        .exchange(chunked.as_bytes())
        .await
        .assert_error(413, "chunks over the limit");
    server
        .post(&bearer, b"\x1f\x8b\x08\x00")
        .await
        .assert_error(415, "gzip");
    server.post("Basic czNjcmV0", b"text").await.assert_error(401, "basic");

    let long = format!("/api/search?q={}", "a".repeat(9000));
    server.get(&long).await.assert_error(414, "a 9 KB target");
    let mut many = String::from("GET /healthz HTTP/1.1\r\nhost: t\r\nconnection: close\r\n");
    for i in 0..150 {
        many.push_str(&format!("x-filler-{i}: {i}\r\n"));
    }
    server
        .exchange(format!("{many}\r\n").as_bytes())
        .await
        .assert_error(431, "150 headers");
    let big = format!(
        "GET /healthz HTTP/1.1\r\nhost: t\r\nconnection: close\r\ncookie: {}\r\n\r\n",
        "c".repeat(20_000)
    );
    server
        .exchange(big.as_bytes())
        .await
        .assert_error(431, "a 20 KB header");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingests_past_the_write_queue_are_answered_503() {
    let server = Running::start(|config| {
        config.limits.max_queued_writes = 0;
        config.limits.body_timeout = Duration::from_secs(5);
    })
    .await;
    // This ingest is admitted, then waits for its body. It may lose the
    // one place in the queue to a probe below; it is then sent again.
    let waiting = format!(
        "POST /api/documents HTTP/1.1\r\nhost: t\r\nauthorization: Bearer {TOKEN}\r\n\
         content-length: 100\r\n\r\n{{"
    );
    let mut first = server.connect().await;
    first.write_all(waiting.as_bytes()).await.unwrap();
    let bearer = format!("Bearer {TOKEN}");
    let deadline = Instant::now() + PATIENCE;
    let refused = loop {
        // An empty body is a 400 once admitted: the first is not there yet.
        let answer = server.post(&bearer, b"").await;
        if answer.status != 400 {
            break answer;
        }
        let mut byte = [0u8; 1];
        if let Ok(Ok(_)) = timeout(Duration::from_millis(1), first.read(&mut byte)).await {
            first = server.connect().await;
            first.write_all(waiting.as_bytes()).await.unwrap();
        }
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    refused.assert_error(503, "second ingest");
    assert_eq!(refused.header("retry-after"), Some("1"));
    drop(first);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_index_that_cannot_be_written_is_served_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = indexed_examples(dir.path());
    // SQLite opens its shared-memory file without following links: a link
    // there fails as a read-only mount does, for root too.
    std::os::unix::fs::symlink("/nonexistent", dir.path().join("index.db-shm")).unwrap();
    let server = Running::start_on(dir, db, |_| {}).await;
    let stories = server.get("/api/stories").await;
    assert_eq!((stories.status, stories.json["total"].as_u64()), (200, Some(1)));
    server
        .post(&format!("Bearer {TOKEN}"), b"Some text.")
        .await
        .assert_error(403, "ingest into a read-only index");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_index_answers_500_without_naming_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = indexed_examples(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE stories SET label = 'not JSON'", []).unwrap();
    drop(conn);
    let server = Running::start_on(dir, db.clone(), |_| {}).await;
    let answer = server.get("/api/stories").await;
    answer.assert_error(500, "a corrupt label");
    let message = answer.json["error"].as_str().unwrap();
    assert!(
        !message.contains("index.db") && !message.contains(&*db.to_string_lossy()),
        "{message}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_index_in_a_read_only_folder_is_served() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = indexed_examples(dir.path());
    let mode = |path: &std::path::Path, mode| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
    mode(&db, 0o444).unwrap();
    mode(dir.path(), 0o555).unwrap();
    if std::fs::write(dir.path().join("probe"), b"").is_ok() {
        // Root: permissions are not enforced; the test above covers this.
        mode(dir.path(), 0o755).unwrap();
        eprintln!("skipped: permissions are not enforced for this user");
        return;
    }
    let folder = dir.path().to_path_buf();
    let server = Running::start_on(dir, db.clone(), |_| {}).await;
    let stories = server.get("/api/stories").await;
    mode(&folder, 0o755).unwrap();
    assert_eq!((stories.status, stories.json["total"].as_u64()), (200, Some(1)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_idle_connections_and_returns() {
    let mut server = Running::start(|_| {}).await;
    let mut idle = server.connect().await;
    server.stop.take().unwrap().send(()).unwrap();
    closed_after(&mut idle).await;
    timeout(PATIENCE, &mut server.task).await.unwrap().unwrap();
    assert!(TcpStream::connect(server.addr).await.is_err());
}
