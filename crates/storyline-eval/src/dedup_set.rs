//! A labelled near-duplicate set built by construction from real article
//! texts (the gold bodies of the extraction sets), since no labelled news
//! near-duplicate set can be had here.
//!
//! Every source article appears once as it is (`original`) and as copies of
//! the kinds syndication produces: exact and whitespace-only copies, copies
//! cut to 35-90%, re-posts with a header and footer, a new headline with a
//! dateline and byline, Markdown links, other quote styles, hard re-wrapping,
//! small edits, and the article wrapped in another site's page text (menus
//! and footers taken from a real page's non-article lines, fixed per
//! synthetic site). Hard negatives: different articles wrapped in the same
//! site's text (`template-negative`), and different outlets' write-ups of one
//! event (ECB+, `same-event`). Built with a fixed seed: the same data gives
//! the same set.

use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// One document of the set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LabelledDoc {
    /// Unique id.
    pub id: String,
    /// The text as a crawler would deliver it.
    pub text: String,
    /// Documents with the same `cluster` are copies of one article.
    pub cluster: String,
    /// How this document was made (`original`, `truncate-50`, …).
    pub kind: String,
}

/// SplitMix64: a small, fixed pseudo-random generator, so the set never
/// changes with a dependency's version.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A synthetic site: the page text around its articles.
struct Site {
    header: Vec<String>,
    footer: Vec<String>,
}

const COPY_KINDS: &[&str] = &[
    "exact",
    "whitespace",
    "truncate-35",
    "truncate-50",
    "truncate-70",
    "truncate-90",
    "repost",
    "headline",
    "markdown",
    "quotes",
    "rewrap",
    "edits",
    "foreign-site",
    "foreign-site-truncate-50",
];

/// Builds the set from the data folder.
pub fn build(data: &Path, seed: u64) -> Result<Vec<LabelledDoc>, EvalError> {
    let mut rng = Rng(seed);
    let sources = read_sources(data)?;
    let sites = read_sites(data, &sources, &mut rng)?;
    let mut out = Vec::new();
    for (n, (source_id, title, body)) in sources.iter().enumerate() {
        let cluster = source_id.clone();
        out.push(LabelledDoc {
            id: format!("{source_id}#original"),
            text: body.clone(),
            cluster: cluster.clone(),
            kind: "original".into(),
        });
        let copies = 1 + rng.below(3);
        for c in 0..copies {
            let kind = *rng.pick(COPY_KINDS);
            let site = &sites[rng.below(sites.len())];
            let text = make_copy(kind, title, body, site, &mut rng);
            out.push(LabelledDoc {
                id: format!("{source_id}#{kind}-{c}"),
                text,
                cluster: cluster.clone(),
                kind: kind.into(),
            });
        }
        // Every fourth article is also published by a site that carries
        // another article in the same page text: a hard negative.
        if n % 4 == 0 {
            let site = &sites[n % sites.len()];
            let (other_id, _, other_body) = &sources[(n * 7 + 3) % sources.len()];
            if other_id != source_id {
                out.push(LabelledDoc {
                    id: format!("{other_id}#template-negative-{n}"),
                    text: wrap_in_site(other_body, site),
                    cluster: other_id.clone(),
                    kind: "template-negative".into(),
                });
                out.push(LabelledDoc {
                    id: format!("{source_id}#template-negative-{n}"),
                    text: wrap_in_site(body, site),
                    cluster: cluster.clone(),
                    kind: "template-negative".into(),
                });
            }
        }
    }
    out.extend(same_event_writeups(data)?);
    Ok(out)
}

fn make_copy(kind: &str, title: &str, body: &str, site: &Site, rng: &mut Rng) -> String {
    let paragraphs: Vec<&str> = body.split('\n').map(str::trim).filter(|p| !p.is_empty()).collect();
    match kind {
        "exact" => body.to_string(),
        "whitespace" => paragraphs.join("\n\n\n").replace(". ", ".  "),
        k if k.starts_with("truncate-") => truncate(body, k[9..].parse().unwrap_or(50)),
        "repost" => {
            let outlet = rng.pick(&["Daily Ledger", "Metro Times", "The Courier", "Newswire"]);
            let via = rng.pick(&["NEWS DIGEST", "WORLDLINK", "PRESS ROUNDUP"]);
            format!(
                "{via}: “{title}” – {outlet}\n\n{}\n\n[read the original at {outlet}]",
                paragraphs.join("\n\n")
            )
        }
        "headline" => {
            let city = rng.pick(&["LONDON", "NEW YORK", "BERLIN", "NAIROBI", "TOKYO"]);
            let author = rng.pick(&["By Anna Berg", "By Tom Hale", "By Priya Rao"]);
            let mut rest = paragraphs.clone();
            let first = if rest.is_empty() {
                String::new()
            } else {
                rest.remove(0).to_string()
            };
            format!(
                "Breaking: {title}\n\n{author}\n\n{city} (Reuters) - {first}\n\n{}",
                rest.join("\n\n")
            )
        }
        "markdown" => {
            let linked: Vec<String> = paragraphs
                .iter()
                .map(|p| {
                    p.split(' ')
                        .map(|w| {
                            if rng.chance(0.04) && w.len() > 3 {
                                format!("[{w}](https://example.org/{})", rng.below(999))
                            } else {
                                w.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            format!("# {title}\n\n{}", linked.join("\n\n"))
        }
        "quotes" => body.replace('"', "“").replace('\'', "’"),
        "rewrap" => rewrap(&paragraphs, 72),
        "edits" => edit(&paragraphs, rng),
        "foreign-site" => wrap_in_site(body, site),
        "foreign-site-truncate-50" => wrap_in_site(&truncate(body, 50), site),
        _ => body.to_string(),
    }
}

/// The first `percent` of the words, cut at a paragraph or word boundary.
fn truncate(body: &str, percent: usize) -> String {
    let total = body.split_whitespace().count();
    let keep = (total * percent).div_ceil(100).max(1);
    let mut seen = 0;
    let mut out = String::new();
    for (i, c) in body.char_indices() {
        if c.is_whitespace() && i > 0 && !body[..i].ends_with(char::is_whitespace) {
            seen += 1;
            if seen >= keep {
                return out;
            }
        }
        out.push(c);
    }
    out
}

fn rewrap(paragraphs: &[&str], width: usize) -> String {
    let mut out = Vec::new();
    for p in paragraphs {
        let mut line = String::new();
        let mut lines = Vec::new();
        for word in p.split_whitespace() {
            if !line.is_empty() && line.len() + word.len() + 1 > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
        out.push(lines.join("\n"));
    }
    out.join("\n\n")
}

/// Small edits: about 3% of words deleted or doubled, numbers changed.
fn edit(paragraphs: &[&str], rng: &mut Rng) -> String {
    paragraphs
        .iter()
        .map(|p| {
            p.split(' ')
                .filter_map(|w| {
                    if w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty() && rng.chance(0.5) {
                        return Some(format!("{}", w.parse::<u64>().unwrap_or(0) + 1));
                    }
                    match rng.below(100) {
                        0 => None,
                        1 => Some(format!("{w} {w}")),
                        2 => Some("also".to_string()),
                        _ => Some(w.to_string()),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn wrap_in_site(body: &str, site: &Site) -> String {
    format!("{}\n\n{}\n\n{}", site.header.join("\n"), body, site.footer.join("\n"))
}

/// (source id, title, body) for every gold body long enough to copy.
fn read_sources(data: &Path) -> Result<Vec<(String, String, String)>, EvalError> {
    let mut sources = Vec::new();
    let aeb: serde_json::Value =
        serde_json::from_str(&read(&data.join("aeb/ground-truth.json"))?).map_err(|e| format_error(data, e))?;
    if let Some(map) = aeb.as_object() {
        let mut ids: Vec<&String> = map.keys().collect();
        ids.sort();
        for id in ids {
            if let Some(body) = map[id]["articleBody"].as_str() {
                sources.push((format!("aeb:{id}"), first_words(body, 10), body.to_string()));
            }
        }
    }
    for (n, line) in read(&data.join("fundus-news/manifest.jsonl"))?.lines().enumerate() {
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let Some(body) = doc["gold_body"].as_str() {
            let title = doc["title"]
                .as_str()
                .map_or_else(|| first_words(body, 10), str::to_string);
            sources.push((format!("fundus:{n}"), title, body.to_string()));
        }
    }
    sources.retain(|(_, _, body)| body.split_whitespace().count() >= 80);
    Ok(sources)
}

/// Synthetic sites: the non-article lines of real AEB pages.
fn read_sites(data: &Path, sources: &[(String, String, String)], rng: &mut Rng) -> Result<Vec<Site>, EvalError> {
    let mut sites = Vec::new();
    let mut pages: Vec<_> = std::fs::read_dir(data.join("aeb/html"))
        .map_err(|source| EvalError::Io {
            path: "aeb/html".into(),
            source,
        })?
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    for page in pages.iter().take(60) {
        let mut html = String::new();
        let Ok(file) = std::fs::File::open(page) else { continue };
        if flate2::read::GzDecoder::new(file).read_to_string(&mut html).is_err() {
            continue;
        }
        let id = page
            .file_name()
            .map(|n| n.to_string_lossy().replace(".html.gz", ""))
            .unwrap_or_default();
        let body = sources
            .iter()
            .find(|(s, _, _)| s == &format!("aeb:{id}"))
            .map(|s| s.2.as_str())
            .unwrap_or("");
        let lines: Vec<String> = page_lines(&html)
            .into_iter()
            .filter(|l| !body.contains(l.as_str()))
            .collect();
        if lines.len() < 20 {
            continue;
        }
        let head = 5 + rng.below(10);
        let tail = 5 + rng.below(10);
        sites.push(Site {
            header: lines[..head].to_vec(),
            footer: lines[lines.len() - tail..].to_vec(),
        });
    }
    Ok(sites)
}

/// Visible text lines of a page, roughly: tags removed, scripts and styles
/// dropped, one line per block.
fn page_lines(html: &str) -> Vec<String> {
    let lower = html.to_lowercase();
    let mut text = String::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        if lower[i..].starts_with("<script") || lower[i..].starts_with("<style") {
            let close = if lower[i..].starts_with("<script") {
                "</script>"
            } else {
                "</style>"
            };
            i = lower[i..].find(close).map_or(html.len(), |p| i + p + close.len());
            continue;
        }
        if html[i..].starts_with('<') {
            let end = html[i..].find('>').map_or(html.len(), |p| i + p + 1);
            text.push('\n');
            i = end;
            continue;
        }
        let c = html[i..].chars().next().unwrap_or(' ');
        text.push(c);
        i += c.len_utf8();
    }
    text.lines()
        .map(|l| {
            l.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace("&amp;", "&")
                .replace("&nbsp;", " ")
        })
        .filter(|l| l.split_whitespace().count() >= 2 && l.len() < 200)
        .collect()
}

/// ECB+ write-ups of one event by different outlets, as singles; a write-up
/// that shares a long passage with another of its event is left out, since
/// it may be a syndicated copy rather than a different write-up.
fn same_event_writeups(data: &Path) -> Result<Vec<LabelledDoc>, EvalError> {
    let mut docs: Vec<(String, String, String)> = Vec::new();
    for line in read(&data.join("ecbplus/ecbplus_docs.jsonl"))?.lines() {
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let (Some(id), Some(event), Some(text)) =
            (doc["id"].as_str(), doc["event_cluster"].as_str(), doc["text"].as_str())
        {
            docs.push((id.to_string(), event.to_string(), text.to_string()));
        }
    }
    let mut out = Vec::new();
    for (i, (id, event, text)) in docs.iter().enumerate() {
        let copied = docs.iter().enumerate().any(|(j, (_, e, other))| {
            j != i && e == event && !storyline::dedup::shared_passages(text, other).is_empty()
        });
        if !copied {
            out.push(LabelledDoc {
                id: format!("ecbplus:{id}"),
                text: text.clone(),
                cluster: format!("ecbplus:{id}"),
                kind: "same-event".into(),
            });
        }
    }
    Ok(out)
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn format_error(path: &Path, e: serde_json::Error) -> EvalError {
    EvalError::Format {
        path: path.display().to_string(),
        line: e.line(),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_the_share_of_words() {
        let body = (0..100).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(truncate(&body, 35).split_whitespace().count(), 35);
    }

    #[test]
    fn generator_is_fixed() {
        let mut a = Rng(7);
        let mut b = Rng(7);
        assert_eq!((a.next_u64(), a.next_u64()), (b.next_u64(), b.next_u64()));
    }
}
