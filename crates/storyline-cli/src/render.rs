//! Rendering a [`Report`] for people (text) or programs (JSON).

use std::io::Write;
use storyline::report::{DocumentRecord, Report};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A readable report: stories, timelines, duplicate groups, skipped inputs.
    Text,
    /// The JSON contract (see the README).
    Json,
}

/// Writes the report to standard output.
pub fn write_report(report: &Report, format: OutputFormat) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, report)?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_text(&mut out, report)?,
    }
    out.flush()?;
    Ok(())
}

fn write_text(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{} inputs: {} articles, {} skipped; {} duplicate groups; {} stories",
        s.inputs, s.articles, s.skipped, s.duplicate_groups, s.stories
    )?;
    for story in &report.stories {
        writeln!(out)?;
        writeln!(out, "Story {}: {}", story.id, story.title)?;
        writeln!(
            out,
            "  {} documents, {} distinct articles",
            story.documents.len(),
            story.timeline.len()
        )?;
        for entry in &story.timeline {
            let date = entry.date.map_or_else(|| "undated   ".to_string(), |d| d.to_string());
            let title = entry.title.as_deref().unwrap_or("(no title)");
            let copies = if entry.copies > 1 {
                format!(", {} copies", entry.copies)
            } else {
                String::new()
            };
            writeln!(out, "  {date}  {title}")?;
            let sources = if entry.sources.is_empty() {
                "source unknown".to_string()
            } else {
                entry.sources.join("; ")
            };
            writeln!(out, "              [{}{copies}] {sources}", entry.document)?;
        }
        for quote in &story.quotes {
            let speaker = quote.speaker.as_deref().unwrap_or("unattributed");
            writeln!(out, "  “{}” — {} [{}]", quote.text, speaker, quote.document)?;
        }
    }
    if !report.duplicate_groups.is_empty() {
        writeln!(out)?;
        writeln!(out, "Duplicate groups (canonical: the most complete copy)")?;
        for group in &report.duplicate_groups {
            writeln!(out, "  {} ← {} members", group.canonical, group.members.len())?;
            for pair in &group.pairs {
                writeln!(
                    out,
                    "    {} ~ {}: {:?}, jaccard {:.2}, containment {:.2}",
                    pair.a, pair.b, pair.rule, pair.jaccard, pair.containment
                )?;
            }
        }
    }
    let skipped: Vec<_> = report
        .documents
        .iter()
        .filter_map(|d| match d {
            DocumentRecord::Skipped(s) => Some(s),
            DocumentRecord::Article(_) => None,
        })
        .collect();
    if !skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Skipped inputs")?;
        for s in skipped {
            writeln!(out, "  {}: {}", s.id, s.reason)?;
        }
    }
    Ok(())
}
