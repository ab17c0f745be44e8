//! Ingesting in batches gives the duplicate groups of one run over
//! everything; ingesting again adds nothing; conflicts are reported.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use storyline::extract::ExtractConfig;
use storyline::read::Input;
use storyline::{Pipeline, PipelineConfig};
use storyline_index::{Index, IngestConfig};

/// Labelled copies built from real article texts when the shared data sets
/// are beside the checkout; else the bundled examples and their variants.
fn corpus() -> Vec<(String, String)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if data.is_dir() {
        if let Ok(docs) = storyline_eval::dedup_set::build(&data, 7) {
            return docs.into_iter().map(|d| (d.id, d.text)).collect();
        }
    }
    let mut docs = Vec::new();
    let roots = ["../../examples/seeds", "../storyline/tests/data/harbor"];
    for root in roots {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            let words: Vec<&str> = text.split_whitespace().collect();
            docs.push((format!("{name}#original"), text.clone()));
            docs.push((format!("{name}#half"), words[..words.len() / 2].join(" ")));
            docs.push((format!("{name}#rewrap"), words.join("\n")));
            docs.push((format!("{name}#tail"), words[words.len() / 5..].join(" ")));
        }
    }
    docs
}

fn config() -> PipelineConfig {
    PipelineConfig {
        // The cross-document boilerplate step sees one ingest batch at a
        // time; with it on, texts (and so groups) can differ from one run.
        extract: ExtractConfig {
            drop_repeated_segments: false,
            ..ExtractConfig::default()
        },
        ..PipelineConfig::default()
    }
}

fn write_jsonl(path: &Path, docs: &[(String, String)]) {
    let mut file = std::fs::File::create(path).unwrap();
    for (id, text) in docs {
        writeln!(file, "{}", serde_json::json!({ "id": id, "text": text })).unwrap();
    }
}

#[test]
fn batches_give_the_groups_of_one_run_and_reingest_adds_nothing() {
    let mut docs = corpus();
    // A fixed shuffle, so batches mix copies of one article.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in (1..docs.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        docs.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let dir = tempfile::tempdir().unwrap();
    let third = docs.len() / 3;
    let parts: Vec<PathBuf> = (0..3)
        .map(|k| {
            let path = dir.path().join(format!("part{k}.jsonl"));
            let end = if k == 2 { docs.len() } else { (k + 1) * third };
            write_jsonl(&path, &docs[k * third..end]);
            path
        })
        .collect();
    let db = dir.path().join("index.db");
    let ingest = IngestConfig {
        batch_size: 400,
        ..IngestConfig::default()
    };
    let mut added = 0;
    for part in &parts {
        let mut index = Index::open_with(&db, config(), ingest.clone()).unwrap();
        added += index.ingest(&[Input::Path(part.clone())]).unwrap().added;
    }
    let inputs: Vec<Input> = parts.iter().cloned().map(Input::Path).collect();
    let one_run = Pipeline::new(config()).unwrap().dedup(&inputs).unwrap();
    assert_eq!(added, one_run.summary.articles);
    let expected: BTreeMap<String, Vec<String>> = one_run
        .duplicate_groups
        .iter()
        .map(|g| (g.canonical.0.clone(), g.members.iter().map(|m| m.0.clone()).collect()))
        .collect();
    assert!(expected.len() >= 3, "the corpus has copies");
    assert_eq!(Index::open_read(&db).unwrap().duplicate_groups().unwrap(), expected);

    let mut index = Index::open_with(&db, config(), ingest).unwrap();
    assert_eq!(index.check().unwrap(), Vec::<String>::new());
    let again = index.ingest(&inputs).unwrap();
    assert_eq!((again.added, again.already_indexed), (0, one_run.summary.articles));
    assert_eq!(index.counts().unwrap().documents, one_run.summary.articles);
}

#[test]
fn an_id_indexed_with_another_text_is_skipped_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("index.db");
    let first = dir.path().join("a.jsonl");
    let second = dir.path().join("b.jsonl");
    write_jsonl(
        &first,
        &[("x".into(), "The council approved the harbour budget on Monday.".into())],
    );
    write_jsonl(
        &second,
        &[("x".into(), "A different text under the same id, about rain.".into())],
    );
    let mut index = Index::open(&db).unwrap();
    assert_eq!(index.ingest(&[Input::Path(first)]).unwrap().added, 1);
    let report = index.ingest(&[Input::Path(second)]).unwrap();
    assert_eq!(report.added, 0);
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].reason.contains("different text"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn a_document_is_the_same_whatever_batch_it_was_extracted_in() {
    // Three outlets print the same wire paragraph: extracted together, the
    // cross-document step may treat it as boilerplate; one at a time it
    // cannot. Re-ingesting in other batches must still find them indexed.
    let wire = "The agency said the storm would reach the coast by Thursday evening, bringing winds of up to 120 kilometres an hour.";
    let docs: Vec<(String, String)> = ["harbour", "ferries", "schools", "power"]
        .iter()
        .map(|topic| {
            let text = format!(
                "Officials in the port city prepared the {topic} for the storm on Tuesday, the mayor's office said.\n\n{wire}\n\nThe {topic} plan was drawn up after last year's floods, when thousands lost power for days."
            );
            (topic.to_string(), text)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("docs.jsonl");
    write_jsonl(&file, &docs);
    let db = dir.path().join("index.db");
    let with_batch = |size: usize| IngestConfig {
        batch_size: size,
        ..IngestConfig::default()
    };
    let first = Index::open_with(&db, PipelineConfig::default(), with_batch(1))
        .unwrap()
        .ingest(&[Input::Path(file.clone())])
        .unwrap();
    assert_eq!(first.added, docs.len());
    let again = Index::open_with(&db, PipelineConfig::default(), with_batch(docs.len()))
        .unwrap()
        .ingest(&[Input::Path(file)])
        .unwrap();
    assert_eq!((again.added, again.already_indexed), (0, docs.len()));
    assert!(again.skipped.is_empty(), "{:?}", again.skipped);
}
