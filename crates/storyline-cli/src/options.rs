//! Flags shared by several subcommands, turned into library configuration.

use clap::Args;
use storyline::dedup::{CanonicalPolicy, DedupConfig};
use storyline::read::{Input, JsonlFields, ReadConfig};
use storyline::stories::{Granularity, StoryConfig};

/// What to read, and how: the flags of every command that reads documents.
#[derive(Args, Clone, Debug)]
pub struct InputOptions {
    /// Files or folders to read (`-` for standard input): .txt, .md, .html,
    /// .htm, .jsonl and .warc, optionally gzip-compressed (.gz); other files
    /// are recognised by their content.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
    /// Follow symbolic links inside folders (a link back to a folder above
    /// it is reported once, not walked again); by default links are listed
    /// as skipped.
    #[arg(short = 'L', long)]
    follow: bool,
    #[command(flatten)]
    fields: FieldOptions,
}

/// The flags of the commands that run the whole pipeline: what to read,
/// how stories are clustered, which copy is canonical.
#[derive(Args, Clone, Debug)]
pub struct PipelineOptions {
    /// What to read.
    #[command(flatten)]
    pub input: InputOptions,
    /// Story clustering.
    #[command(flatten)]
    pub stories: StoryOptions,
    /// Canonical copies.
    #[command(flatten)]
    pub dedup: DedupOptions,
}

impl PipelineOptions {
    /// The pipeline configuration the flags ask for, and the inputs.
    pub fn config(&self) -> anyhow::Result<(storyline::PipelineConfig, Vec<Input>)> {
        crate::commands::analyze::PipelineRun::config(&self.input, Some(&self.stories), Some(&self.dedup))
    }
}

/// Where JSONL records keep their fields, when not under the usual names.
#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "JSONL fields (dotted paths into nested objects: meta.url)")]
pub struct FieldOptions {
    /// The document id [default: id].
    #[arg(long, value_name = "PATH")]
    id_field: Option<String>,
    /// Plain text or Markdown [default: text, content, body, maintext].
    #[arg(long, value_name = "PATH")]
    text_field: Option<String>,
    /// HTML, read when there is no text [default: html, raw_html].
    #[arg(long, value_name = "PATH")]
    html_field: Option<String>,
    /// Headline [default: title, headline].
    #[arg(long, value_name = "PATH")]
    title_field: Option<String>,
    /// Source URL [default: url, link].
    #[arg(long, value_name = "PATH")]
    url_field: Option<String>,
    /// Publication date: ISO 8601 at any precision, Unix seconds or
    /// milliseconds, or a written date [default: published, date,
    /// published_date, publish_date, date_publish, published_at].
    #[arg(long, value_name = "PATH")]
    date_field: Option<String>,
    /// Outlet or site [default: source, source.name, source_domain, site].
    #[arg(long, value_name = "PATH")]
    source_field: Option<String>,
    /// Author; from a list, the first [default: author, authors, byline].
    #[arg(long, value_name = "PATH")]
    author_field: Option<String>,
}

impl InputOptions {
    /// The inputs named on the command line.
    pub fn inputs(&self) -> Vec<Input> {
        self.paths.iter().map(|p| Input::from_arg(p)).collect()
    }

    /// Writes the flags into the read stage's configuration.
    pub fn apply(&self, config: &mut ReadConfig) {
        config.follow_links = self.follow;
        self.fields.apply(&mut config.jsonl);
    }
}

impl FieldOptions {
    fn apply(&self, fields: &mut JsonlFields) {
        let given = [
            (&self.id_field, &mut fields.id),
            (&self.text_field, &mut fields.text),
            (&self.html_field, &mut fields.html),
            (&self.title_field, &mut fields.title),
            (&self.url_field, &mut fields.url),
            (&self.date_field, &mut fields.published),
            (&self.source_field, &mut fields.source),
            (&self.author_field, &mut fields.author),
        ];
        for (flag, paths) in given {
            if let Some(path) = flag {
                *paths = vec![path.clone()];
            }
        }
    }
}

/// Story clustering knobs.
#[derive(Args, Clone, Debug)]
pub struct StoryOptions {
    /// `event`: one developing event per story; `topic`: related events together.
    #[arg(long, value_enum, default_value_t = GranularityArg::Event)]
    granularity: GranularityArg,
    /// Similarity needed to join a story, between 0 and 1 (default: the library's).
    #[arg(long, value_name = "0..1", value_parser = unit_interval)]
    story_threshold: Option<f32>,
}

/// A number between 0 and 1, or a message that says so.
fn unit_interval(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!("expected a number between 0 and 1, such as 0.3, not {text:?}")),
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum GranularityArg {
    Event,
    Topic,
}

impl StoryOptions {
    /// Writes the flags into the stage configuration.
    pub fn apply(&self, config: &mut StoryConfig) {
        config.granularity = match self.granularity {
            GranularityArg::Event => Granularity::Event,
            GranularityArg::Topic => Granularity::Topic,
        };
        if let Some(t) = self.story_threshold {
            config.threshold = t;
        }
    }
}

/// Duplicate-detection knobs.
#[derive(Args, Clone, Debug)]
pub struct DedupOptions {
    /// Which copy is canonical: `complete` (longest clean text with
    /// metadata, then earliest, then id), `longest`, `earliest`, or
    /// `source=NAME`.
    #[arg(long, default_value = "complete", value_name = "POLICY")]
    prefer: String,
}

impl DedupOptions {
    /// Writes the flags into the stage configuration.
    pub fn apply(&self, config: &mut DedupConfig) -> anyhow::Result<()> {
        config.policy = match self.prefer.as_str() {
            "complete" => CanonicalPolicy::MostComplete,
            "longest" => CanonicalPolicy::Longest,
            "earliest" => CanonicalPolicy::Earliest,
            other => match other.strip_prefix("source=") {
                Some(name) if !name.is_empty() => CanonicalPolicy::Source(name.to_string()),
                _ => anyhow::bail!("--prefer takes complete, longest, earliest or source=NAME, not {other:?}"),
            },
        };
        Ok(())
    }
}
