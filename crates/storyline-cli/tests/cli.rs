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
    assert_eq!(report["summary"]["articles"], 3);
    assert_eq!(report["summary"]["skipped"], 4);
    let reason = |id: &str| {
        report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["reason"].as_str().unwrap_or("").to_string())
            .unwrap()
    };
    let latin1 = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "latin1.txt")
        .unwrap();
    assert_eq!(latin1["encoding"], "windows-1252");
    assert!(latin1["text"].as_str().unwrap().starts_with("Café owners"));
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

#[test]
fn stories_command_fills_timeline_whats_new_label_and_quotes() {
    let out = storyline(&["stories", &seeds(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let story = &report["stories"][0];
    assert_eq!(report["stories"].as_array().unwrap().len(), 1);
    assert!(!story["label"]["names"].as_array().unwrap().is_empty());
    let timeline = story["timeline"].as_array().unwrap();
    assert!(
        timeline[0]["whats_new"].as_array().unwrap().is_empty(),
        "nothing is new in the first article"
    );
    assert!(!timeline[1]["whats_new"].as_array().unwrap().is_empty());
    assert!(story["quotes"].as_array().unwrap().len() >= 5);
}

#[test]
fn quotes_command_lists_every_articles_quotes() {
    let out = storyline(&["quotes", &seeds(), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0));
    let quotes: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let peskov = quotes
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("hasty assessments"))
        .unwrap();
    assert_eq!(peskov["speaker"], "Dmitry Peskov");
    assert_eq!(peskov["document"], "004_388a713995df924a.txt");
    // Duplicates are separate documents here: the Lavrov quote comes from each copy.
    let lavrov = quotes
        .iter()
        .filter(|q| q["text"].as_str().unwrap().contains("currently waiting"))
        .count();
    assert_eq!(lavrov, 3);
}

#[test]
fn eval_stories_scores_a_labelled_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("labelled.jsonl");
    let docs = [
        (
            "a1",
            "e1",
            "The river Elbe flooded the old town of Dresden on Monday after days of heavy rain, officials said.",
        ),
        (
            "a2",
            "e1",
            "Floodwater from the Elbe covered streets in Dresden's old town on Monday as the rain continued.",
        ),
        (
            "b1",
            "e2",
            "Chess champion Maria Ortiz won the Madrid open on Sunday after a long final game against Ivan Petrov.",
        ),
        (
            "b2",
            "e2",
            "Maria Ortiz beat Ivan Petrov in the final of the Madrid chess open on Sunday to take the title.",
        ),
    ];
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, label, text)| serde_json::json!({"id": id, "event_cluster": label, "text": text}).to_string())
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = storyline(&["eval", "stories", &path.display().to_string(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let scores: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scores[0]["documents"], 4);
    assert_eq!(scores[0]["gold_stories"], 2);
    assert_eq!(scores[0]["bcubed"]["f1"], 1.0);
}

#[test]
fn dedup_command_explains_groups_and_lists_singles() {
    let out = storyline(&["dedup", &seeds(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["singles"],
        serde_json::json!(["003_c59f05497aec51e2.txt", "004_388a713995df924a.txt"])
    );
    let pair = &report["duplicate_groups"][0]["pairs"][2];
    assert_eq!(pair["b"], "002_9362c792c6158c6c.txt");
    let passage = &pair["shared_passages"][0];
    assert!(
        passage["words"].as_u64().unwrap() > 100,
        "the truncated copy shares a long run"
    );
    assert!(passage["a_end"].as_u64() > passage["a_start"].as_u64());
    assert_eq!(
        storyline(&["dedup", &seeds(), "--prefer", "nonsense"]).status.code(),
        Some(2)
    );
    let by_source = storyline(&["dedup", &seeds(), "--prefer", "source=RUSSIALINK", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&by_source.stdout).unwrap();
    assert_eq!(report["duplicate_groups"][0]["canonical"], "002_9362c792c6158c6c.txt");
}

#[test]
fn extract_command_gives_one_record_per_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("page.html"),
        r#"<html><head><title>Harbour reopens | Coast News</title>
        <meta property="article:published_time" content="2024-03-05T09:00:00Z"></head>
        <body><nav>Home News Sport</nav><h1>Harbour reopens</h1><article>
        <p>The harbour reopened on Tuesday after a week of storms, and the first ferries left on time, the port authority said.</p>
        <p>Fishermen said they had lost a week of income and asked the council for help with repairs to their boats.</p>
        </article><footer>Copyright Coast News</footer></body></html>"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = storyline(&["extract", &dir.path().display().to_string()]);
    assert_eq!(out.status.code(), Some(0));
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["status"], "skipped");
    let page = &records[1];
    assert_eq!(page["title"], "Harbour reopens");
    assert_eq!(page["published"], "2024-03-05");
    assert_eq!(page["language"], "eng");
    let text = page["text"].as_str().unwrap();
    assert!(text.starts_with("The harbour reopened"));
    assert!(!text.contains("Copyright"));
}

#[test]
fn global_flags_write_to_a_file_stay_quiet_and_set_threads() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let missing = dir.path().join("missing.txt").display().to_string();
    let out = storyline(&[
        "-j",
        "1",
        "analyze",
        &seeds(),
        &missing,
        "-f",
        "json",
        "-o",
        &report.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 input skipped") && stderr.contains("not found"),
        "{stderr}"
    );
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(written["summary"]["articles"], 5);
    let quiet = storyline(&["analyze", &seeds(), &missing, "-q", "-f", "json"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert_eq!(storyline(&["analyze", &seeds(), "-j", "0"]).status.code(), Some(2));
}

#[test]
fn runs_with_nothing_to_read_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = storyline(&["extract", "/nonexistent/storyline"]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("no input could be read") && stderr.contains("not found"),
        "{stderr}"
    );
    let empty = storyline(&["extract", &dir.path().display().to_string()]);
    assert_eq!(empty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no documents found"));
}

#[test]
fn flags_appear_only_where_they_act_and_bad_values_say_what_to_do() {
    for flag in ["--prefer", "--granularity", "--story-threshold"] {
        let out = storyline(&["extract", &seeds(), flag, "x"]);
        assert_eq!(out.status.code(), Some(2), "extract accepted {flag}");
    }
    let out = storyline(&["analyze", &seeds(), "--story-threshold", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("between 0 and 1"));
    let help = String::from_utf8_lossy(&storyline(&["--help"]).stdout).to_string();
    assert!(!help.contains("thin shell"), "{help}");
}

#[test]
fn analyze_jsonl_is_a_stream_of_typed_records() {
    let out = storyline(&["analyze", &seeds(), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0));
    let kinds: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "document").count(), 5);
    assert_eq!(kinds.iter().filter(|k| *k == "group").count(), 1);
    assert!(kinds.iter().any(|k| k == "story"));
    assert_eq!(kinds.last().map(String::as_str), Some("summary"));
}

#[test]
fn foreign_jsonl_is_read_with_field_flags() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.data");
    std::fs::write(
        &feed,
        r#"{"doc": {"key": "n1", "body": "The harbour reopened on Monday after a week of storms, officials said."}, "meta": {"when": 1700000000, "by": ["Jane Doe"]}}
"#,
    )
    .unwrap();
    let out = storyline(&[
        "extract",
        &feed.display().to_string(),
        "--id-field",
        "doc.key",
        "--text-field",
        "doc.body",
        "--date-field",
        "meta.when",
        "--author-field",
        "meta.by",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["id"], "n1");
    assert_eq!(record["published"], "2023-11-14");
    assert_eq!(record["author"], "Jane Doe");
}
