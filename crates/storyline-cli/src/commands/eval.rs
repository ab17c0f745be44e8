//! `storyline eval <task>`: the field's metrics on labelled data sets.

use crate::Outcome;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use storyline::PipelineConfig;

/// Flags of `storyline eval`.
#[derive(Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    task: EvalTask,
}

#[derive(Subcommand)]
enum EvalTask {
    /// Story clustering on JSONL sets with `event_cluster` labels (ECB+,
    /// NewsWCL50): BCubed, pairwise P/R/F1, adjusted Rand index.
    Stories(StoriesEval),
    /// Quote spans (F1, half-overlap) and speaker accuracy against a
    /// hand-annotated set (crates/storyline-eval/data/quotes).
    Quotes(QuotesEval),
}

#[derive(Args)]
struct QuotesEval {
    /// The annotation file.
    #[arg(long, default_value = "crates/storyline-eval/data/quotes/ecbplus-gold.json")]
    gold: PathBuf,
    /// The folder holding the data sets the annotation refers to.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// Print JSON (with the speaker errors) instead of a summary.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct StoriesEval {
    /// Labelled JSONL files (`id`, `text`, `event_cluster`).
    #[arg(required = true, value_name = "FILE")]
    data: Vec<PathBuf>,
    #[command(flatten)]
    stories: crate::options::StoryOptions,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs the chosen evaluation and prints its table.
pub fn run(args: EvalArgs) -> anyhow::Result<Outcome> {
    match args.task {
        EvalTask::Quotes(task) => {
            let s = storyline_eval::quotes::evaluate(&task.gold, &task.data)?;
            if task.json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!(
                    "{} documents, {} gold quotes, {} predicted: precision {:.3}, recall {:.3}, F1 {:.3}; speaker accuracy {:.3}",
                    s.documents, s.gold, s.predicted, s.spans.precision, s.spans.recall, s.spans.f1, s.speaker_accuracy
                );
            }
            Ok(Outcome::Completed)
        }
        EvalTask::Stories(task) => {
            let mut config = PipelineConfig::default();
            task.stories.apply(&mut config.stories);
            let mut all = Vec::new();
            for path in &task.data {
                all.push(storyline_eval::stories::evaluate(path, config.clone())?);
            }
            if task.json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                println!(
                    "{:<40} {:>5} {:>5} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>7}",
                    "data", "docs", "gold", "pred", "B3 P", "B3 R", "B3 F1", "pw P", "pw R", "pw F1", "ARI", "seconds"
                );
                for s in &all {
                    let name = std::path::Path::new(&s.data)
                        .file_name()
                        .map_or(s.data.clone(), |n| n.to_string_lossy().into_owned());
                    println!(
                        "{:<40} {:>5} {:>5} {:>5}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>7.2}",
                        name,
                        s.documents,
                        s.gold_stories,
                        s.predicted_stories,
                        s.bcubed.precision,
                        s.bcubed.recall,
                        s.bcubed.f1,
                        s.pairwise.precision,
                        s.pairwise.recall,
                        s.pairwise.f1,
                        s.adjusted_rand,
                        s.seconds
                    );
                }
            }
            Ok(Outcome::Completed)
        }
    }
}
