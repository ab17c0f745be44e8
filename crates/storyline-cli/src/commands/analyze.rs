//! `storyline analyze PATH...`: the whole pipeline.

use crate::options::{DedupOptions, InputOptions, PipelineOptions, StoryOptions};
use crate::render::{self, OutputFormat};
use crate::Outcome;
use clap::Args;
use storyline::pipeline::Extracted;
use storyline::read::Input;
use storyline::report::{DedupReport, Report};
use storyline::{Pipeline, PipelineConfig};

/// The pipeline a command runs, configured from its flags, and its inputs.
pub struct PipelineRun {
    pipeline: Pipeline,
    inputs: Vec<Input>,
}

impl PipelineRun {
    /// The pipeline configuration the flags ask for, and the inputs; story
    /// and duplicate flags where the command has them.
    pub fn config(
        input: &InputOptions,
        stories: Option<&StoryOptions>,
        dedup: Option<&DedupOptions>,
    ) -> anyhow::Result<(PipelineConfig, Vec<Input>)> {
        let mut config = PipelineConfig::default();
        input.apply(&mut config.read);
        if let Some(stories) = stories {
            stories.apply(&mut config.stories);
        }
        if let Some(dedup) = dedup {
            dedup.apply(&mut config.dedup)?;
        }
        Ok((config, input.inputs()))
    }

    /// The pipeline the flags ask for.
    pub fn new(
        input: &InputOptions,
        stories: Option<&StoryOptions>,
        dedup: Option<&DedupOptions>,
    ) -> anyhow::Result<Self> {
        let (config, inputs) = Self::config(input, stories, dedup)?;
        Ok(PipelineRun {
            pipeline: Pipeline::new(config)?,
            inputs,
        })
    }

    /// The whole pipeline, as its flags ask.
    pub fn of(options: &PipelineOptions) -> anyhow::Result<Self> {
        Self::new(&options.input, Some(&options.stories), Some(&options.dedup))
    }

    /// Runs the whole pipeline over the inputs.
    pub fn run(&self) -> Report {
        self.pipeline.run(&self.inputs)
    }

    /// Runs read, extract and duplicates.
    pub fn dedup(&self) -> anyhow::Result<DedupReport> {
        Ok(self.pipeline.dedup(&self.inputs)?)
    }

    /// Runs only the read and extract stages.
    pub fn extract(&self) -> Extracted {
        self.pipeline.extract(&self.inputs)
    }
}

/// Flags of `storyline analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pipeline: PipelineOptions,
    /// Output format (`jsonl`: a stream of typed records, `"type"` being
    /// `document`, `group`, `story` or `summary`).
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

/// Runs the pipeline over the inputs and prints the report.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<Outcome> {
    let report = PipelineRun::of(&args.pipeline)?.run();
    render::with_stdout(|out| match args.format {
        OutputFormat::Text => render::write_report_text(out, &report),
        OutputFormat::Json => render::write_json(out, OutputFormat::Json, &report, &report.documents),
        OutputFormat::Jsonl => render::write_report_records(out, &report),
    })?;
    Ok(Outcome::of_run(report.summary.articles, report.skipped()))
}
