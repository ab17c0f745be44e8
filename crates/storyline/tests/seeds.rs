//! The founding example (`examples/seeds`): what EXPECTED.md asks of it.

mod util;

use util::{analyze, article, ids, repo_path};

const TRUNCATED: &str = "002_9362c792c6158c6c.txt";
const PLAIN: &str = "000_c25763bd8607ac44.txt";
const MARKDOWN: &str = "001_ef54a299364be83a.txt";
const GENEVA: &str = "003_c59f05497aec51e2.txt";
const REPLY: &str = "004_388a713995df924a.txt";

#[test]
fn three_copies_form_one_group_with_the_markdown_copy_canonical() {
    let report = analyze(&[repo_path("examples/seeds")]);
    assert_eq!(report.duplicate_groups.len(), 1);
    let group = &report.duplicate_groups[0];
    assert_eq!(ids(&group.members), [PLAIN, MARKDOWN, TRUNCATED]);
    assert_eq!(group.canonical.0, MARKDOWN);
    assert_eq!(group.pairs.len(), 3);
    let truncated_pair = group.pairs.iter().find(|p| p.b.0 == TRUNCATED).unwrap();
    assert!(truncated_pair.jaccard < 0.9, "a truncated copy is not near-identical");
    assert!(truncated_pair.containment > 0.95, "but it is contained");
}

#[test]
fn one_story_with_dated_timeline_and_undated_last() {
    let report = analyze(&[repo_path("examples/seeds")]);
    assert_eq!(report.stories.len(), 1);
    let story = &report.stories[0];
    assert_eq!(ids(&story.documents), [PLAIN, MARKDOWN, TRUNCATED, GENEVA, REPLY]);
    let timeline: Vec<(Option<String>, &str)> = story
        .timeline
        .iter()
        .map(|e| (e.date.map(|d| d.to_string()), e.document.0.as_str()))
        .collect();
    assert_eq!(
        timeline,
        [
            (Some("2022-01-18".to_string()), MARKDOWN),
            (Some("2022-01-21".to_string()), GENEVA),
            (None, REPLY)
        ]
    );
    assert_eq!(story.timeline[0].copies, 3);
}

#[test]
fn boilerplate_is_gone_and_the_article_is_whole() {
    let report = analyze(&[repo_path("examples/seeds")]);
    let boilerplate = [
        "A Message from",
        "Dear readers",
        "Remind me later",
        "Related article",
        "](",
        "Original url",
        "RUSSIALINK",
        "article also appeared",
        "file photo",
        "(Moscow Times",
        "minutes ago",
        "South Africa plans",
        "Image by",
        "**",
    ];
    for id in [PLAIN, MARKDOWN, TRUNCATED, GENEVA, REPLY] {
        let text = &article(&report, id).text;
        for phrase in boilerplate {
            assert!(!text.contains(phrase), "{id} still contains {phrase:?}");
        }
    }
    // The article text is otherwise whole: first and last paragraphs kept.
    for id in [PLAIN, MARKDOWN] {
        let text = &article(&report, id).text;
        assert!(text.starts_with("Russia is still awaiting"));
        assert!(text.ends_with("AFP contributed reporting."));
        assert_eq!(text.split("\n\n").count(), 16, "{id}");
    }
    assert!(article(&report, GENEVA).text.starts_with("GENEVA — The US has agreed"));
    assert!(article(&report, GENEVA).text.ends_with("— Agencies"));
    assert!(article(&report, REPLY).text.ends_with("Blinken reiterated."));
}

#[test]
fn metadata_found_in_the_text() {
    let report = analyze(&[repo_path("examples/seeds")]);
    let markdown = article(&report, MARKDOWN);
    assert_eq!(
        markdown.title.as_deref(),
        Some("No New Ukraine Talks Until West Responds to Russia's Demands, Moscow Says")
    );
    assert_eq!(markdown.published.map(|d| d.to_string()).as_deref(), Some("2022-01-18"));
    assert!(markdown
        .url
        .as_deref()
        .unwrap()
        .contains("themoscowtimes.com/2022/01/18/"));
    let repost = article(&report, TRUNCATED);
    assert_eq!(repost.source.as_deref(), Some("RUSSIALINK"));
    assert_eq!(repost.original_source.as_deref(), Some("Moscow Times"));
    assert_eq!(repost.published.map(|d| d.to_string()).as_deref(), Some("2022-01-18"));
    assert_eq!(article(&report, PLAIN).title, None);
    assert_eq!(article(&report, REPLY).published, None);
}

#[test]
fn who_said_what() {
    let report = analyze(&[repo_path("examples/seeds")]);
    let quotes = &report.stories[0].quotes;
    let speaker_of = |words: &str| {
        quotes
            .iter()
            .find(|q| q.text.contains(words))
            .unwrap_or_else(|| panic!("no quote with {words:?}"))
            .speaker
            .clone()
    };
    let lavrov = Some("Sergei Lavrov".to_string());
    assert_eq!(speaker_of("We’re currently waiting for the promised answers"), lavrov);
    assert_eq!(
        speaker_of("There is no change, and there will be no change"),
        Some("Antony Blinken".to_string())
    );
    assert_eq!(
        speaker_of("We should not make hasty assessments"),
        Some("Dmitry Peskov".to_string())
    );
    // "the Russian diplomat said" resolves to Lavrov.
    assert_eq!(speaker_of("We expect to continue these negotiations"), lavrov);
    // "she said" about an anonymous official stays anonymous.
    assert_eq!(
        speaker_of("It's really an opportunity"),
        Some("a U.S. official".to_string())
    );
    // Quotes come from canonical copies only: the duplicates add none.
    assert!(quotes
        .iter()
        .all(|q| q.document.0 != PLAIN && q.document.0 != TRUNCATED));
    let spans_ok = quotes.iter().all(|q| q.start < q.end);
    assert!(spans_ok);
}
