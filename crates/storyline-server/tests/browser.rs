//! The web page in a real browser: headless Chromium, driven by Playwright
//! (tests/browser/story.mjs), walks the story list's pages and filters, a
//! story opened from the keyboard (timeline, quotes by speaker, what's new,
//! downloads), a document page and two copies side by side, on a desktop
//! and a 390-px phone, and saves a screenshot of each under
//! target/browser/ (the path is printed).
//!
//! Needs Debian's chromium and `npm ci` in tests/browser; `.ci/run` installs
//! both and sets STORYLINE_BROWSER_TEST=required, so there a missing
//! browser fails the test instead of skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;
use storyline_server::ServerConfig;
use util::indexed_newsroom;

mod util;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Why the browser test cannot run here, if it cannot.
fn missing_prerequisite(script_dir: &Path, chromium: &Path) -> Option<String> {
    if !chromium.exists() {
        return Some(format!(
            "no browser at {} (apt-get install chromium)",
            chromium.display()
        ));
    }
    if !script_dir.join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "playwright-core not installed (npm ci --prefix {})",
            script_dir.display()
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    None
}

#[test]
fn a_reader_walks_the_page_in_chromium() {
    let script_dir = workspace().join("tests/browser");
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    if let Some(why) = missing_prerequisite(&script_dir, &chromium) {
        let required = std::env::var("STORYLINE_BROWSER_TEST").is_ok_and(|v| v == "required");
        assert!(!required, "browser test required but cannot run: {why}");
        eprintln!("skipping the browser test: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = indexed_newsroom(dir.path());

    let mut config = ServerConfig::new(&db);
    config.addr = "127.0.0.1:0".parse().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        storyline_server::serve_blocking(config, |addr| tx.send(addr).unwrap()).unwrap();
    });
    let addr = rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap();

    let shots = workspace().join("target/browser");
    let output = Command::new("node")
        .arg(script_dir.join("story.mjs"))
        .arg(format!("http://{addr}"))
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    println!(
        "screenshots of each view: {}",
        shots.canonicalize().unwrap_or_else(|_| shots.clone()).display()
    );
    assert_eq!(result["points"], 4, "one timeline point per distinct article: {result}");
    assert_eq!(
        result["copies"], 1,
        "the article with two copies shows one more: {result}"
    );
    assert_eq!(result["speakers"], 2, "quotes grouped by speaker: {result}");
    assert_eq!(result["compared"], true);
    assert!(result["seed_marks"].as_u64().unwrap() >= 2, "{result}");
    for shot in result["screenshots"].as_array().unwrap() {
        assert!(shots.join(shot.as_str().unwrap()).is_file(), "{shot}");
    }
}
