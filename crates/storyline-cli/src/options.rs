//! Flags shared by several subcommands, turned into library configuration.

use clap::Args;
use storyline::dedup::{CanonicalPolicy, DedupConfig};
use storyline::stories::{Granularity, StoryConfig};

/// Story clustering knobs.
#[derive(Args, Clone, Debug)]
pub struct StoryOptions {
    /// `event`: one developing event per story; `topic`: related events together.
    #[arg(long, value_enum, default_value_t = GranularityArg::Event)]
    granularity: GranularityArg,
    /// Similarity needed to join a story (default: the library's).
    #[arg(long, value_name = "0..1")]
    story_threshold: Option<f32>,
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
