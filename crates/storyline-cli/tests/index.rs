//! `storyline ingest` killed with SIGKILL in the middle of a run, then run
//! again: the index is consistent, nothing is lost or doubled, and it holds
//! what an uninterrupted ingest holds. Readers keep working meanwhile.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use storyline_index::Index;

const DOCUMENTS: usize = 2000;
const TOPICS: usize = 80;
const BATCH: &str = "60";

/// A corpus of distinct articles on many topics (each topic its own made-up
/// vocabulary), with re-posted copies among them.
fn write_corpus(path: &Path) -> usize {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "du", "fa", "go"];
    let mut word = |n: usize| -> String { (0..n).map(|_| syllables[(next() % 12) as usize]).collect() };
    let topics: Vec<Vec<String>> = (0..TOPICS).map(|_| (0..40).map(|_| word(3)).collect()).collect();
    let common: Vec<String> = (0..300).map(|_| word(2)).collect();
    let mut pick = {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        }
    };
    let mut texts: Vec<String> = Vec::new();
    let mut out = std::fs::File::create(path).unwrap();
    for i in 0..DOCUMENTS {
        let text = if i % 7 == 6 {
            format!("Reposted from Example Wire.\n\n{}", texts[i - 3])
        } else {
            let topic = &topics[i % TOPICS];
            let sentences: Vec<String> = (0..8)
                .map(|_| {
                    let words: Vec<&str> = (0..12)
                        .map(|k| {
                            if k % 3 == 0 {
                                &topic[pick(topic.len())]
                            } else {
                                &common[pick(common.len())]
                            }
                        })
                        .map(String::as_str)
                        .collect();
                    format!("{}.", words.join(" "))
                })
                .collect();
            sentences.join(" ")
        };
        writeln!(
            out,
            "{}",
            serde_json::json!({ "id": format!("doc-{i:05}"), "text": text })
        )
        .unwrap();
        texts.push(text);
    }
    DOCUMENTS
}

fn ingest(db: &Path, corpus: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_storyline"));
    command
        .args(["ingest", "--format", "json", "--batch-size", BATCH, "--db"])
        .arg(db)
        .arg(corpus);
    command
}

fn documents(db: &Path) -> usize {
    Index::open_read(db).map(|i| i.counts().unwrap().documents).unwrap_or(0)
}

#[test]
fn kill_9_during_ingest_then_ingest_again_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let total = write_corpus(&corpus);
    let db = dir.path().join("killed.db");

    let mut child = ingest(&db, &corpus).stdout(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    let mut reads = 0;
    // Wait for a few batches, reading all the while.
    while documents(&db) < 200 {
        assert!(started.elapsed() < Duration::from_secs(300), "ingest made no progress");
        if db.exists() {
            if let Ok(index) = Index::open_read(&db) {
                index.stories(None, 10, 0).unwrap();
                index.search("Geneva talks", 5, 0).unwrap();
                reads += 1;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    let before = documents(&db);
    assert!(status.code().is_none(), "killed by a signal, not finished");
    assert!(before < total, "killed mid-way: {before} of {total}");
    assert!(reads > 0, "readers ran while the ingest did");
    let index = Index::open_read(&db).unwrap();
    assert_eq!(
        index.check().unwrap(),
        Vec::<String>::new(),
        "consistent after the kill"
    );
    drop(index);

    let again = ingest(&db, &corpus).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["ingest"]["already_indexed"], before);
    let skipped = report["ingest"]["skipped"].as_array().unwrap().len();
    assert_eq!(
        report["ingest"]["added"].as_u64().unwrap() as usize + before + skipped,
        total
    );
    let index = Index::open_read(&db).unwrap();
    assert_eq!(index.check().unwrap(), Vec::<String>::new());

    let clean = dir.path().join("clean.db");
    assert!(ingest(&clean, &corpus).output().unwrap().status.success());
    let expected = Index::open_read(&clean).unwrap().duplicate_groups().unwrap();
    assert!(expected.len() >= total / 8, "the corpus has copies");
    assert_eq!(Index::open_read(&db).unwrap().duplicate_groups().unwrap(), expected);
    assert_eq!(documents(&db), documents(&clean));
}
