//! The `storyline` binary: output contract, bad input, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn storyline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .expect("run storyline")
}

fn seeds() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/seeds")
        .display()
        .to_string()
}

#[test]
fn json_output_follows_the_contract() {
    let out = storyline(&["analyze", &seeds(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let documents = report["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 5);
    for doc in documents {
        assert_eq!(doc["status"], "article");
        for field in ["id", "title", "published", "source", "url", "text"] {
            assert!(doc.get(field).is_some(), "document lacks {field}");
        }
    }
    let group = &report["duplicate_groups"][0];
    assert_eq!(group["canonical"], "001_ef54a299364be83a.txt");
    assert_eq!(group["members"].as_array().unwrap().len(), 3);
    for pair in group["pairs"].as_array().unwrap() {
        assert!(pair["jaccard"].as_f64().unwrap() > 0.0);
        assert!(pair["containment"].as_f64().unwrap() > 0.9);
    }
    let story = &report["stories"][0];
    assert_eq!(story["documents"].as_array().unwrap().len(), 5);
    let dates: Vec<&serde_json::Value> = story["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["date"])
        .collect();
    assert_eq!(
        dates,
        [
            &serde_json::json!("2022-01-18"),
            &serde_json::json!("2022-01-21"),
            &serde_json::Value::Null
        ]
    );
    assert!(story["quotes"].is_array());
    assert_eq!(
        report["summary"],
        serde_json::json!({"inputs": 5, "articles": 5, "skipped": 0, "duplicate_groups": 1, "stories": 1})
    );
}

#[test]
fn text_report_names_stories_timeline_and_groups() {
    let out = storyline(&["analyze", &seeds()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Story s1:"));
    assert!(text.contains("2022-01-18"));
    assert!(text.contains("undated"));
    assert!(text.contains("Duplicate groups"));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "The festival drew a record crowd of forty thousand people on Saturday, organisers said.",
    )
    .unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"Caf\xe9 owners protested on Monday.").unwrap();
    std::fs::write(dir.path().join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("feed.jsonl"),
        "{\"id\": \"ok\", \"text\": \"A short but real article about the harbour.\"}\n{broken json\n",
    )
    .unwrap();
    let dir_arg = dir.path().display().to_string();
    let missing = dir.path().join("nope.txt").display().to_string();
    let out = storyline(&["analyze", &dir_arg, &missing, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["inputs"], 7);
    assert_eq!(report["summary"]["articles"], 2);
    assert_eq!(report["summary"]["skipped"], 5);
    let reason = |id: &str| {
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["reason"].as_str().unwrap_or("").to_string())
            .unwrap()
    };
    assert!(reason("latin1.txt").contains("UTF-8"));
    assert!(reason("binary.txt").contains("binary"));
    assert!(reason("empty.txt").contains("empty"));
    assert!(reason("feed.jsonl:2").contains("JSON"));
    assert_eq!(reason(&missing), "not found");
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt").display().to_string();
    assert_eq!(
        storyline(&["analyze", &missing]).status.code(),
        Some(1),
        "no input readable"
    );
    assert_eq!(storyline(&["analyze"]).status.code(), Some(2), "usage: no path");
    assert_eq!(
        storyline(&["analyze", &seeds(), "--format", "xml"]).status.code(),
        Some(2)
    );
    let help = storyline(&["analyze", "--help"]);
    assert!(String::from_utf8(help.stdout).unwrap().contains("Exit codes"));
}

#[test]
fn reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["analyze", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Heavy rain flooded the lower town on Tuesday, and the river rose above its banks.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["documents"][0]["id"], "-");
    assert_eq!(report["documents"][0]["status"], "article");
}
