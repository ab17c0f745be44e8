//! Rendering reports for people (text) or programs (JSON, JSONL).

use serde::Serialize;
use std::io::Write;
use storyline::dedup::DupGroup;
use storyline::model::Skipped;
use storyline::report::{DedupReport, DocumentRecord, QuoteRecord, Report, StoryRecord};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A readable report.
    Text,
    /// One JSON document (the contract in the README).
    Json,
    /// One JSON object per line (per record).
    Jsonl,
}

/// Where reports go: standard output, or the file `-o` names.
static OUTPUT: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();

/// Sends every report of this process to `path` (standard output for `None`).
pub fn set_output(path: Option<std::path::PathBuf>) {
    let _ = OUTPUT.set(path);
}

/// Runs `write` against the report's destination, buffered: the file `-o`
/// named (created or truncated), else a locked standard output.
pub fn with_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> anyhow::Result<()> {
    if let Some(path) = OUTPUT.get().and_then(Option::as_ref) {
        let file = std::fs::File::create(path).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.flush()?;
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write(&mut out)?;
    out.flush()?;
    Ok(())
}

/// One record of `analyze --format jsonl`, tagged with its kind.
#[derive(Serialize)]
struct Typed<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    record: &'a T,
}

/// The whole report as a stream of typed records: each document, each
/// duplicate group, each story, then the summary.
pub fn write_report_records(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    fn line<T: Serialize>(out: &mut dyn Write, kind: &'static str, record: &T) -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, &Typed { kind, record })?;
        writeln!(out)
    }
    for document in &report.documents {
        line(out, "document", document)?;
    }
    for group in &report.duplicate_groups {
        line(out, "group", group)?;
    }
    for story in &report.stories {
        line(out, "story", story)?;
    }
    line(out, "summary", &report.summary)
}

/// Writes `value` as pretty JSON, or `records` one per line for JSONL.
pub fn write_json<T: Serialize, R: Serialize>(
    out: &mut dyn Write,
    format: OutputFormat,
    value: &T,
    records: &[R],
) -> std::io::Result<()> {
    if format == OutputFormat::Jsonl {
        for record in records {
            serde_json::to_writer(&mut *out, record)?;
            writeln!(out)?;
        }
    } else {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The whole report as text: counts, stories, duplicate groups, skipped.
pub fn write_report_text(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{} inputs: {} articles, {} skipped; {} duplicate groups; {} stories",
        s.inputs, s.articles, s.skipped, s.duplicate_groups, s.stories
    )?;
    write_stories_text(out, &report.stories)?;
    write_groups_text(out, &report.duplicate_groups)?;
    write_skipped_text(out, &report.documents)
}

/// Stories with their label, timeline, what's new and quotes.
pub fn write_stories_text(out: &mut dyn Write, stories: &[StoryRecord]) -> std::io::Result<()> {
    for story in stories {
        writeln!(out)?;
        writeln!(out, "Story {}: {}", story.id, story.title)?;
        writeln!(
            out,
            "  {} {}, {} distinct {}; names: {}; terms: {}",
            story.documents.len(),
            crate::plural(story.documents.len(), "document", "documents"),
            story.timeline.len(),
            crate::plural(story.timeline.len(), "article", "articles"),
            story.label.names.join(", "),
            story.label.key_terms.join(", ")
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
            for sentence in &entry.whats_new {
                writeln!(out, "              new: {sentence}")?;
            }
        }
        write_quotes_text(out, &story.quotes, "  ")?;
    }
    Ok(())
}

/// Quotes, one per line.
pub fn write_quotes_text(out: &mut dyn Write, quotes: &[QuoteRecord], indent: &str) -> std::io::Result<()> {
    for quote in quotes {
        let speaker = quote.speaker.as_deref().unwrap_or("unattributed");
        writeln!(out, "{indent}{speaker}: “{}” [{}]", quote.text, quote.document)?;
    }
    Ok(())
}

/// The dedup report as text: counts, groups with evidence, singles, skipped.
pub fn write_dedup_text(out: &mut dyn Write, report: &DedupReport) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{} inputs: {} articles, {} skipped; {} duplicate groups; {} singles",
        s.inputs, s.articles, s.skipped, s.duplicate_groups, s.singles
    )?;
    write_groups_text(out, &report.duplicate_groups)?;
    for passage_group in &report.duplicate_groups {
        for pair in &passage_group.pairs {
            if let Some(p) = pair.shared_passages.first() {
                writeln!(
                    out,
                    "  {} ~ {}: longest shared passage {} words ({}..{} / {}..{})",
                    pair.a, pair.b, p.words, p.a_start, p.a_end, p.b_start, p.b_end
                )?;
            }
        }
    }
    if !report.singles.is_empty() {
        writeln!(out)?;
        writeln!(out, "Singles: {}", report.singles.len())?;
    }
    write_skipped_list(out, report.skipped.iter())
}

fn write_groups_text(out: &mut dyn Write, groups: &[DupGroup]) -> std::io::Result<()> {
    if groups.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Duplicate groups")?;
    for group in groups {
        writeln!(out, "  {} ← {} members", group.canonical, group.members.len())?;
        for pair in &group.pairs {
            writeln!(
                out,
                "    {} ~ {}: {:?}, jaccard {:.2}, containment {:.2}",
                pair.a, pair.b, pair.rule, pair.jaccard, pair.containment
            )?;
        }
    }
    Ok(())
}

/// Inputs that were skipped, with their reasons, from the report's records.
pub fn write_skipped_text(out: &mut dyn Write, documents: &[DocumentRecord]) -> std::io::Result<()> {
    write_skipped_list(
        out,
        documents.iter().filter_map(|d| match d {
            DocumentRecord::Skipped(s) => Some(s),
            DocumentRecord::Article(_) => None,
        }),
    )
}

/// Inputs that were skipped, with their reasons.
pub fn write_skipped_list<'a>(out: &mut dyn Write, skipped: impl Iterator<Item = &'a Skipped>) -> std::io::Result<()> {
    let skipped: Vec<&Skipped> = skipped.collect();
    if !skipped.is_empty() {
        writeln!(out)?;
        writeln!(out, "Skipped inputs")?;
        for s in skipped {
            writeln!(out, "  {}: {}", s.id, s.reason)?;
        }
    }
    Ok(())
}

/// Documents as text: metadata lines, then the clean text.
pub fn write_documents_text(out: &mut dyn Write, documents: &[DocumentRecord]) -> std::io::Result<()> {
    for document in documents {
        match document {
            DocumentRecord::Article(a) => {
                writeln!(out, "== {}", a.id)?;
                let date = a.published.map_or_else(|| "undated".to_string(), |d| d.to_string());
                writeln!(out, "title: {}", a.title.as_deref().unwrap_or("(none)"))?;
                writeln!(
                    out,
                    "date: {date}; source: {}; language: {}",
                    a.source.as_deref().unwrap_or("(unknown)"),
                    a.language.as_deref().unwrap_or("(unknown)")
                )?;
                writeln!(out)?;
                writeln!(out, "{}", a.text)?;
                writeln!(out)?;
            }
            DocumentRecord::Skipped(s) => writeln!(out, "== {} skipped: {}", s.id, s.reason)?,
        }
    }
    Ok(())
}
