use super::*;

fn quotes_of(text: &str) -> Vec<(Option<String>, String)> {
    let article = Article::new("t", text);
    extract_quotes(&article)
        .into_iter()
        .map(|q| (q.speaker, q.text))
        .collect()
}

fn speakers(text: &str) -> Vec<Option<String>> {
    quotes_of(text).into_iter().map(|(s, _)| s).collect()
}

#[test]
fn cue_patterns() {
    let text = "Mayor Jane Holt said the plan was ready.\n\n\
        “We will open the bridge in May,” Holt said.\n\n\
        “It is a good day for the city,” said Council Member Raj Patel.\n\n\
        Governor Ann Lee told reporters: “The state will pay half of the cost.”\n\n\
        The plan is “the best we could do under the circumstances we faced,” according to Budget Director Mark Olsen.";
    assert_eq!(
        speakers(text),
        [
            Some("Jane Holt".to_string()),
            Some("Raj Patel".to_string()),
            Some("Ann Lee".to_string()),
            Some("Mark Olsen".to_string())
        ]
    );
}

#[test]
fn pronouns_and_descriptions_resolve_in_context() {
    let text = "Senator Maria Gomez criticised the bill on Tuesday.\n\n\
        “This bill will not pass in its current form,” the senator said.\n\n\
        “We need more time to read it,” she added.\n\n\
        A White House official said the bill was sound. “It is fully funded and ready for a vote,” the official told reporters.\n\n\
        “Nothing in it is new to anyone who has followed the debate,” she said.";
    assert_eq!(
        speakers(text),
        [
            Some("Maria Gomez".to_string()),
            Some("Maria Gomez".to_string()),
            Some("A White House official".to_string()),
            Some("A White House official".to_string())
        ]
    );
}

#[test]
fn interrupted_and_multi_paragraph_quotes_share_the_speaker() {
    let text = "“The river rose fast,” said fire chief Tom Berg, “and we had to move quickly.”\n\n\
        “The first families were evacuated before midnight, and the rest by dawn.\n\n\
        “Nobody was hurt,” Berg said.";
    let found = quotes_of(text);
    assert_eq!(found.len(), 4);
    assert!(found.iter().all(|(s, _)| s.as_deref() == Some("Tom Berg")), "{found:?}");
}

#[test]
fn scare_quotes_are_not_quotes() {
    assert!(quotes_of("Officials called the plan a “non-starter” and left.").is_empty());
}

#[test]
fn treebank_quotes_and_appositive_subjects() {
    let text = "`` We appreciate your respect to her and her family's privacy at this time , '' the actress's rep Jack Ketsoyan told the magazine.\n\n\
        Lavrov, who said last week he expected answers, said “we will decide our reaction later.”";
    assert_eq!(
        speakers(text),
        [Some("Jack Ketsoyan".to_string()), Some("Lavrov".to_string())]
    );
}

#[test]
fn abbreviations_inside_speaker_phrases() {
    let text =
        "The two will meet on Friday in hopes of a \"diplomatic off-ramp\" to the crisis, a U.S. official said.\n\n\
        \"It is really an opportunity for both sides to find common ground,\" the official told reporters.\n\n\
        \"We will see how far we get,\" she said.";
    assert_eq!(
        speakers(text),
        [Some("a U.S. official".to_string()), Some("a U.S. official".to_string())]
    );
}

#[test]
fn organisation_sources_and_sentence_openers() {
    let text = "CNN management said: `` Since first learning that Dr Gupta was under consideration, CNN has made sure his reporting stayed on health. ''\n\n\
        When asked about it, the star said, `` I've done enough of everything for a lifetime! ''";
    assert_eq!(speakers(text)[0], Some("CNN management".to_string()));
    assert_ne!(speakers(text)[1], Some("When".to_string()));
}
