//! `storyline analyze PATH...`: the whole pipeline.

use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use storyline::pipeline::Extracted;
use storyline::read::Input;
use storyline::report::{DedupReport, Report};
use storyline::{Pipeline, PipelineConfig};

/// Inputs and pipeline flags shared by the commands that run the pipeline.
#[derive(Args)]
pub struct PipelineArgs {
    /// Files or folders to read (`-` for standard input): .txt, .md, .html,
    /// .htm, .jsonl and .warc, optionally gzip-compressed (.gz).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Follow symbolic links inside folders (a link back to a folder above
    /// it is reported once, not walked again); by default links are listed
    /// as skipped.
    #[arg(short = 'L', long)]
    follow: bool,
    #[command(flatten)]
    stories: crate::options::StoryOptions,
    #[command(flatten)]
    dedup: crate::options::DedupOptions,
}

impl PipelineArgs {
    /// The pipeline configuration the flags ask for, and the inputs.
    pub fn config(&self) -> anyhow::Result<(PipelineConfig, Vec<Input>)> {
        let inputs: Vec<Input> = self.paths.iter().map(|p| Input::from_arg(p)).collect();
        let mut config = PipelineConfig::default();
        config.read.follow_links = self.follow;
        self.stories.apply(&mut config.stories);
        self.dedup.apply(&mut config.dedup)?;
        Ok((config, inputs))
    }

    fn pipeline(&self) -> anyhow::Result<(Pipeline, Vec<Input>)> {
        let (config, inputs) = self.config()?;
        Ok((Pipeline::new(config)?, inputs))
    }

    /// Runs the whole pipeline over the inputs.
    pub fn run(&self) -> anyhow::Result<Report> {
        let (pipeline, inputs) = self.pipeline()?;
        Ok(pipeline.run(&inputs))
    }

    /// Runs read, extract and duplicates.
    pub fn dedup(&self) -> anyhow::Result<DedupReport> {
        let (pipeline, inputs) = self.pipeline()?;
        Ok(pipeline.dedup(&inputs)?)
    }

    /// Runs only the read and extract stages.
    pub fn extract(&self) -> anyhow::Result<Extracted> {
        let (pipeline, inputs) = self.pipeline()?;
        Ok(pipeline.extract(&inputs))
    }
}

/// Flags of `storyline analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Output format (`jsonl`: one document record per line).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Runs the pipeline over the inputs and prints the report.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    let report = args.pipeline.run()?;
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => render::write_report_text(out, &report),
        format => render::write_json(out, format, &report, &report.documents),
    })?;
    Ok(Outcome::from_articles(report.summary.articles))
}
