//! Writes a JSONL corpus for timing duplicate detection at scale (not for
//! accuracy): N documents of about 3 KB made of real sentences (the story
//! sets' texts) with 30% of their words replaced at random from the same
//! texts, so that unrelated documents share almost no 5-word shingle, and
//! 10% copies of earlier documents (exact, truncated to half, with a
//! re-post header, or with 3% of words edited). Each line carries a
//! `cluster` label (the id of the original) so tools can also be scored.
//!
//! usage: cargo run --release -p storyline-eval --example make_scale_corpus -- N OUT.jsonl FILE.jsonl...

use std::io::{BufWriter, Write};
use storyline_eval::dedup_set::Rng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: make_scale_corpus N OUT.jsonl FILE.jsonl...");
        std::process::exit(2);
    }
    let n: usize = args[1].parse()?;
    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut vocabulary: Vec<String> = Vec::new();
    for path in &args[3..] {
        for line in std::fs::read_to_string(path)?.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line)?;
            let text = value["text"].as_str().unwrap_or_default();
            for sentence in text.split_inclusive(['.', '!', '?']) {
                let words: Vec<String> = sentence.split_whitespace().map(String::from).collect();
                if words.len() >= 6 {
                    vocabulary.extend(words.iter().cloned());
                    sentences.push(words);
                }
            }
        }
    }
    let mut rng = Rng(0x5eed);
    let mut out = BufWriter::new(std::fs::File::create(&args[2])?);
    let mut texts: Vec<(String, String)> = Vec::with_capacity(n / 10 + 1);
    for i in 0..n {
        let id = format!("d{i:07}");
        let (cluster, text) = if i >= 100 && rng.below(10) == 0 {
            let (cluster, original) = &texts[rng.below(texts.len())];
            let cluster = cluster.clone();
            let text = match rng.below(4) {
                0 => original.clone(),
                1 => {
                    let cut = original.len() / 2;
                    let cut = (cut..original.len())
                        .find(|&c| original.is_char_boundary(c))
                        .unwrap_or(cut);
                    original[..cut].to_string()
                }
                2 => format!("This article first appeared on Example Wire. Republished with permission.\n\n{original}"),
                _ => original
                    .split(' ')
                    .map(|w| {
                        if rng.below(33) == 0 {
                            vocabulary[rng.below(vocabulary.len())].as_str()
                        } else {
                            w
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            (cluster, text)
        } else {
            let mut text = String::with_capacity(3200);
            while text.len() < 3000 {
                for word in &sentences[rng.below(sentences.len())] {
                    let word = if rng.below(10) < 3 {
                        &vocabulary[rng.below(vocabulary.len())]
                    } else {
                        word
                    };
                    text.push_str(word);
                    text.push(' ');
                }
            }
            (id.clone(), text)
        };
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "id": id, "cluster": cluster, "text": text }),
        )?;
        out.write_all(b"\n")?;
        if texts.len() < n / 10 + 1 {
            texts.push((cluster, text));
        } else {
            let slot = rng.below(texts.len());
            texts[slot] = (cluster, text);
        }
    }
    out.flush()?;
    Ok(())
}
