//! `storyline eval <task>`: the field's metrics on labelled data sets.

use crate::Outcome;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use storyline::PipelineConfig;

/// How an evaluation prints its scores.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum EvalFormat {
    /// A table.
    Text,
    /// The scores as JSON (with the errors, where the task lists them).
    Json,
}

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
    /// hand-annotated set (the project's own, built in, or --gold FILE).
    Quotes(QuotesEval),
    /// Article extraction on the labelled HTML sets: AEB shingle F1, WCXB
    /// word F1, title exact match, date day accuracy.
    Extract(ExtractEval),
    /// Build the labelled near-duplicate set from the gold bodies in DIR.
    MakeDedupSet(MakeDedupSet),
    /// Duplicate detection on a labelled set: pairwise P/R/F1, ARI, recall
    /// per kind of copy, false merges of hard negatives.
    Dedup(DedupEval),
}

#[derive(Args)]
struct ExtractEval {
    /// The folder holding aeb, fundus-news and wcxb-dev (beside a checkout
    /// of the project: ../shared/data).
    #[arg(long, env = "STORYLINE_DATA", value_name = "DIR")]
    data: PathBuf,
    /// Sets to score.
    #[arg(long, value_delimiter = ',', default_value = "aeb,fundus-news,wcxb-dev")]
    sets: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
    /// Also write every page's score (extracted and gold title and date) to
    /// FILE as JSONL.
    #[arg(long, value_name = "FILE")]
    pages: Option<PathBuf>,
}

#[derive(Args)]
struct MakeDedupSet {
    /// The folder holding the data sets (aeb, fundus-news, ecbplus).
    #[arg(long, env = "STORYLINE_DATA", value_name = "DIR")]
    data: PathBuf,
    /// Where to write the JSONL set.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the construction.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Args)]
struct DedupEval {
    /// A set written by `make-dedup-set` (`id`, `text`, `cluster`, `kind`).
    #[arg(value_name = "FILE")]
    set: PathBuf,
    #[command(flatten)]
    dedup: crate::options::DedupOptions,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
}

#[derive(Args)]
struct QuotesEval {
    /// The annotation file (default: the project's own, built in).
    #[arg(long, value_name = "FILE")]
    gold: Option<PathBuf>,
    /// The folder holding the data sets the annotation refers to.
    #[arg(long, env = "STORYLINE_DATA", value_name = "DIR")]
    data: PathBuf,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
}

#[derive(Args)]
struct StoriesEval {
    /// Labelled JSONL files (`id`, `text`, `event_cluster`).
    #[arg(required = true, value_name = "FILE")]
    data: Vec<PathBuf>,
    #[command(flatten)]
    stories: crate::options::StoryOptions,
    /// Run through an index instead: ingest in batches of N documents and
    /// score the index's incremental stories.
    #[arg(long, value_name = "N")]
    index_batch: Option<usize>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
}

/// Runs the chosen evaluation and prints its table.
pub fn run(args: EvalArgs) -> anyhow::Result<Outcome> {
    let mut out = String::new();
    evaluate(args, &mut out)?;
    crate::render::with_stdout(|o| o.write_all(out.as_bytes()))?;
    Ok(Outcome::Completed(None))
}

fn evaluate(args: EvalArgs, out: &mut String) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    match args.task {
        EvalTask::Extract(task) => {
            let mut all = Vec::new();
            for set in &task.sets {
                all.push(storyline_eval::extract::evaluate(&task.data, set)?);
            }
            if let Some(path) = &task.pages {
                let mut lines = String::new();
                for page in all.iter().flat_map(|s| &s.per_page) {
                    writeln!(lines, "{}", serde_json::to_string(page)?)?;
                }
                std::fs::write(path, lines).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            }
            if task.format == EvalFormat::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
            } else {
                writeln!(
                    out,
                    "{:<12} {:>6} {:>8}  {:>7} {:>7} {:>7}  {:>7} {:>7}  {:>8}",
                    "set", "pages", "skipped", "body P", "body R", "body F1", "title", "date", "pages/s"
                )?;
                let opt = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"));
                for s in &all {
                    writeln!(
                        out,
                        "{:<12} {:>6} {:>8}  {:>7.3} {:>7.3} {:>7.3}  {:>7} {:>7}  {:>8.0}",
                        s.set,
                        s.pages,
                        s.skipped,
                        s.body.precision,
                        s.body.recall,
                        s.body.f1,
                        opt(s.title_exact),
                        opt(s.date_day_accuracy),
                        s.pages_per_second
                    )?;
                }
            }
            Ok(())
        }
        EvalTask::MakeDedupSet(task) => {
            let docs = storyline_eval::dedup_set::build(&task.data, task.seed)?;
            let mut out = std::io::BufWriter::new(std::fs::File::create(&task.out)?);
            for doc in &docs {
                serde_json::to_writer(&mut out, doc)?;
                std::io::Write::write_all(&mut out, b"\n")?;
            }
            eprintln!("wrote {} documents to {}", docs.len(), task.out.display());
            Ok(())
        }
        EvalTask::Dedup(task) => {
            let mut config = PipelineConfig::default();
            task.dedup.apply(&mut config.dedup)?;
            let s = storyline_eval::dedup::evaluate(&task.set, config)?;
            if task.format == EvalFormat::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
            } else {
                writeln!(
                    out,
                    "{} documents: pairwise precision {:.4}, recall {:.4}, F1 {:.4}; ARI {:.4}; {:.2} s",
                    s.documents, s.pairwise.precision, s.pairwise.recall, s.pairwise.f1, s.adjusted_rand, s.seconds
                )?;
                for (kind, (n, r)) in &s.recall_by_kind {
                    writeln!(out, "  recall {kind:<26} {r:.3} of {n}")?;
                }
                for (kind, (n, r)) in &s.false_merges_by_kind {
                    writeln!(out, "  false merges {kind:<20} {r:.3} of {n}")?;
                }
            }
            Ok(())
        }
        EvalTask::Quotes(task) => {
            let s = storyline_eval::quotes::evaluate(task.gold.as_deref(), &task.data)?;
            if task.format == EvalFormat::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
            } else {
                writeln!(
                    out,
                    "{} documents, {} gold quotes, {} predicted: precision {:.3}, recall {:.3}, F1 {:.3}; speaker accuracy {:.3}",
                    s.documents, s.gold, s.predicted, s.spans.precision, s.spans.recall, s.spans.f1, s.speaker_accuracy
                )?;
            }
            Ok(())
        }
        EvalTask::Stories(task) => {
            let mut config = PipelineConfig::default();
            task.stories.apply(&mut config.stories);
            let mut all = Vec::new();
            for path in &task.data {
                all.push(match task.index_batch {
                    Some(batch) => storyline_eval::stories::evaluate_index(path, config.clone(), batch.max(1))?,
                    None => storyline_eval::stories::evaluate(path, config.clone())?,
                });
            }
            if task.format == EvalFormat::Json {
                writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
            } else {
                writeln!(
                    out,
                    "{:<40} {:>5} {:>5} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>7}",
                    "data", "docs", "gold", "pred", "B3 P", "B3 R", "B3 F1", "pw P", "pw R", "pw F1", "ARI", "seconds"
                )?;
                for s in &all {
                    let name = std::path::Path::new(&s.data)
                        .file_name()
                        .map_or(s.data.clone(), |n| n.to_string_lossy().into_owned());
                    writeln!(
                        out,
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
                    )?;
                }
            }
            Ok(())
        }
    }
}
