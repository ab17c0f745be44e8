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
