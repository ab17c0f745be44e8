//! The same mechanisms on inputs of our own: another story, other sites'
//! boilerplate, JSONL, and order independence.

mod util;

use std::path::PathBuf;
use storyline::read::Input;
use storyline::{Pipeline, PipelineConfig};
use util::{analyze, article, data_path, ids};

#[test]
fn another_story_other_boilerplate() {
    let report = analyze(&[data_path("harbor")]);
    assert_eq!(report.duplicate_groups.len(), 1);
    let group = &report.duplicate_groups[0];
    assert_eq!(ids(&group.members), ["a_daily.txt", "b_citywire.md"]);
    assert_eq!(group.canonical.0, "a_daily.txt");

    let bridge = report
        .stories
        .iter()
        .find(|s| s.documents.iter().any(|d| d.0 == "a_daily.txt"))
        .unwrap();
    assert_eq!(
        ids(&bridge.documents),
        ["a_daily.txt", "b_citywire.md", "c_followup.txt"]
    );
    let sports = report
        .stories
        .iter()
        .find(|s| s.documents.iter().any(|d| d.0 == "d_sports.txt"))
        .unwrap();
    assert_eq!(sports.documents.len(), 1);

    for phrase in [
        "Support independent",
        "subscription",
        "Maybe later",
        "Photo:",
        "CITYWIRE",
        "story continues",
        "hours ago",
        "Storm warning",
        "(Bay Daily",
    ] {
        for doc in ["a_daily.txt", "b_citywire.md", "c_followup.txt"] {
            assert!(!article(&report, doc).text.contains(phrase), "{doc}: {phrase}");
        }
    }
    let repost = article(&report, "b_citywire.md");
    assert_eq!(repost.title.as_deref(), Some("Harbor Bridge Will Shut for Half a Year"));
    assert_eq!(repost.original_source.as_deref(), Some("Bay Daily"));
    assert!(article(&report, "a_daily.txt")
        .text
        .contains("\"We cannot take any risks"));
    assert!(article(&report, "a_daily.txt")
        .text
        .ends_with("near the eastern tower."));
}

#[test]
fn footer_shared_by_unrelated_articles_of_one_site_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let footer = "Lakeside Courier is published by Courier Media Group. All rights reserved. Reproduction without permission is prohibited.";
    let bodies = [
        "The library reopened on Saturday after a two-year renovation that added a children's wing and a roof garden.",
        "The water utility will raise rates by four percent in July to pay for new pipes under the old town.",
        "A family of otters has returned to the river for the first time in decades, volunteers counting wildlife said.",
    ];
    for (i, body) in bodies.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i}.txt")), format!("{body}\n{footer}\n")).unwrap();
    }
    let report = analyze(&[dir.path().to_path_buf()]);
    for (i, body) in bodies.iter().enumerate() {
        assert_eq!(&article(&report, &format!("{i}.txt")).text, body);
    }
}

#[test]
fn jsonl_documents_with_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    let lines = [
        r#"{"id": "x1", "title": "Dam Opens Gates", "published": "2023-08-02", "source": "River News", "url": "https://river.example/dam", "text": "Dam Opens Gates\nThe dam opened its gates on Wednesday as the reservoir reached its highest level in twenty years."}"#,
        r#"{"id": "x2", "text": "Engineers said the dam remained safe and that the spillway was working as designed after its gates opened."}"#,
        "not json at all",
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let report = analyze(&[path]);
    assert_eq!(report.summary.inputs, 3);
    assert_eq!(report.summary.articles, 2);
    assert_eq!(report.summary.skipped, 1);
    let first = article(&report, "x1");
    assert_eq!(first.title.as_deref(), Some("Dam Opens Gates"));
    assert_eq!(first.source.as_deref(), Some("River News"));
    assert_eq!(first.published.map(|d| d.to_string()).as_deref(), Some("2023-08-02"));
    assert!(
        first.text.starts_with("The dam opened"),
        "the headline line is not body text"
    );
}

#[test]
fn same_result_whatever_the_input_order_or_thread_count() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(util::repo_path("examples/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(
        std::fs::read_dir(data_path("harbor"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    files.sort();
    let run = |paths: &[PathBuf], threads: usize| {
        let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let report = pool.install(|| Pipeline::new(PipelineConfig::default()).unwrap().run(&inputs));
        (
            serde_json::to_string(&report.duplicate_groups).unwrap(),
            serde_json::to_string(&report.stories).unwrap(),
        )
    };
    let forward = run(&files, 1);
    let mut reversed = files.clone();
    reversed.reverse();
    assert_eq!(forward, run(&reversed, 2));
    let mut rotated = files.clone();
    rotated.rotate_left(3);
    assert_eq!(forward, run(&rotated, 4));
}

#[test]
fn dedup_in_bounded_memory_agrees_with_the_whole_run_whatever_the_order_or_threads() {
    // Copies made of the bundled texts: halves, re-wrapped and cut variants.
    let mut docs: Vec<(String, String)> = Vec::new();
    for dir in [util::repo_path("examples/seeds"), data_path("harbor")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let words: Vec<&str> = text.split_whitespace().collect();
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            docs.push((format!("{name}#a"), text.clone()));
            docs.push((format!("{name}#half"), words[..words.len() / 2].join(" ")));
            docs.push((format!("{name}#wrap"), words.join("\n")));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, docs: &[(String, String)]| {
        let path = dir.path().join(name);
        let lines: Vec<String> = docs
            .iter()
            .map(|(id, text)| serde_json::json!({ "id": id, "text": text }).to_string())
            .collect();
        std::fs::write(&path, lines.join("\n")).unwrap();
        vec![Input::Path(path)]
    };
    let forward = write("forward.jsonl", &docs);
    docs.reverse();
    let reversed = write("reversed.jsonl", &docs);
    let pipeline = Pipeline::new(PipelineConfig::default()).unwrap();
    let dedup = |inputs: &[Input], threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let report = pool.install(|| pipeline.dedup(inputs).unwrap());
        serde_json::to_string(&report.duplicate_groups).unwrap()
    };
    let one = dedup(&forward, 1);
    assert!(one.contains("\"canonical\""), "the corpus has copies");
    assert_eq!(one, dedup(&reversed, 3));
    let whole = pipeline.run(&forward);
    assert_eq!(one, serde_json::to_string(&whole.duplicate_groups).unwrap());
}
