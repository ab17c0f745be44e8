//! Parameter sweep for story clustering (development aid, not a test):
//! `cargo run --release -p storyline-eval --example sweep -- FILE... -- key=value...`
//! prints BCubed F1 per file for each configuration given on stdin, one per
//! line as `threshold name_share title_weight refine merge stale`.

use std::io::BufRead;
use std::path::PathBuf;
use storyline::PipelineConfig;

fn main() {
    let files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let v: Vec<f32> = line.split_whitespace().map(|x| x.parse().unwrap()).collect();
        let mut config = PipelineConfig::default();
        config.stories.threshold = v[0];
        config.stories.vectors.name_share = v[1];
        config.stories.vectors.title_weight = v[2];
        config.stories.refine_passes = v[3] as usize;
        config.stories.merge_stories = v[4] > 0.0;
        config.stories.stale_days = v[5] as i64;
        config.stories.relative_threshold = v[6];
        config.stories.stale_factor = v[7];
        config.stories.vectors.lead_weight = v[8];
        config.stories.vectors.lead_sentences = v[9] as usize;
        let scores: Vec<String> = files
            .iter()
            .map(|f| {
                let s = storyline_eval::stories::evaluate(f, config.clone()).unwrap();
                format!(
                    "{:.3} (P {:.3} R {:.3}, {} stories)",
                    s.bcubed.f1, s.bcubed.precision, s.bcubed.recall, s.predicted_stories
                )
            })
            .collect();
        println!("{line:<30} {}", scores.join("   "));
    }
}
