//! An HTML subtree → the Markdown subset that [`super::blocks`] reads.
//!
//! Plain formatted text loses what the markup said about each paragraph:
//! which words were links (a teaser list is nothing but links), which lines
//! were headings, which were list items. Writing those as Markdown (`[words](#)`,
//! `## `, `- `) lets HTML pages and scraped Markdown go through the same
//! block rules with the same evidence.
//!
//! The walk keeps its own stack, so nesting depth costs heap, not call stack.

use dom_query::NodeRef;

/// How an element shapes the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Starts and ends a paragraph.
    Block,
    /// Ends a line, not a paragraph.
    Line,
    /// A table cell: a space after it.
    Cell,
    /// Runs on with the text around it.
    Inline,
    /// Not text at all (scripts, forms, media).
    Skip,
}

fn shape(name: &str) -> Shape {
    match name {
        "article" | "blockquote" | "section" | "div" | "p" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul"
        | "ol" | "dl" | "table" | "figure" | "header" | "footer" | "aside" | "nav" | "main" | "address" | "details"
        | "summary" | "dd" | "dt" => Shape::Block,
        "br" | "hr" | "li" | "tr" => Shape::Line,
        "td" | "th" => Shape::Cell,
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed" | "canvas"
        | "video" | "audio" | "select" | "option" | "textarea" | "input" | "button" | "head" | "title" | "meta"
        | "link" | "figcaption" => Shape::Skip,
        _ => Shape::Inline,
    }
}

enum Step<'a> {
    Open(NodeRef<'a>),
    Close(Shape),
    LeaveLink,
}

/// The text of `root`'s children as Markdown: paragraphs separated by blank
/// lines, headings as `## `, list items as `- `, link text as `[words](#)`.
pub fn to_markdown(root: &NodeRef) -> String {
    let mut out = String::new();
    let mut link_depth = 0usize;
    let mut steps: Vec<Step> = root.children_it(true).map(Step::Open).collect();
    while let Some(step) = steps.pop() {
        match step {
            Step::Open(node) => {
                if node.is_text() {
                    push_text(&mut out, &node.text(), link_depth > 0);
                    continue;
                }
                if !node.is_element() {
                    continue;
                }
                let name = node.node_name().unwrap_or_default();
                let kind = shape(&name);
                match kind {
                    Shape::Skip => continue,
                    Shape::Block => start_paragraph(&mut out),
                    _ => {}
                }
                match name.as_ref() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => out.push_str("## "),
                    "li" => {
                        end_line(&mut out);
                        out.push_str("- ");
                    }
                    "a" => {
                        link_depth += 1;
                        steps.push(Step::LeaveLink);
                    }
                    "pre" => {
                        out.push_str(&node.text());
                        end_paragraph(&mut out);
                        continue;
                    }
                    _ => {}
                }
                steps.push(Step::Close(kind));
                steps.extend(node.children_it(true).map(Step::Open));
            }
            Step::Close(kind) => match kind {
                Shape::Block => end_paragraph(&mut out),
                Shape::Line => end_line(&mut out),
                Shape::Cell if !out.ends_with(['\n', ' ']) && !out.is_empty() => out.push(' '),
                _ => {}
            },
            Step::LeaveLink => link_depth = link_depth.saturating_sub(1),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Appends a text node with its whitespace collapsed; inside a link the
/// words are marked as link text (brackets in them become parentheses so
/// the mark stays one Markdown link).
fn push_text(out: &mut String, text: &str, in_link: bool) {
    let at_line_start = out.is_empty() || out.ends_with('\n');
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        if !at_line_start && !out.ends_with(' ') && !text.is_empty() {
            out.push(' ');
        }
        return;
    }
    if !at_line_start && !out.ends_with(' ') && text.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    if in_link {
        out.push('[');
    }
    for (i, word) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if in_link {
            out.extend(word.chars().map(|c| match c {
                '[' => '(',
                ']' => ')',
                c => c,
            }));
        } else {
            out.push_str(word);
        }
    }
    if in_link {
        out.push_str("](#)");
    }
    if text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

/// A heading or list item that ended without text leaves no marker behind.
fn drop_empty_marker(out: &mut String) {
    let start = out.rfind('\n').map_or(0, |i| i + 1);
    if matches!(&out[start..], "- " | "## ") {
        out.truncate(start);
    }
}

fn trim_trailing_spaces(out: &mut String) {
    out.truncate(out.trim_end_matches(' ').len());
}

fn start_paragraph(out: &mut String) {
    let line = &out[out.rfind('\n').map_or(0, |i| i + 1)..];
    if line == "- " || line == "## " {
        // A list item or heading whose text sits in a nested block.
        return;
    }
    if !(out.is_empty() || out.ends_with("\n\n")) {
        trim_trailing_spaces(out);
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

fn end_paragraph(out: &mut String) {
    drop_empty_marker(out);
    start_paragraph(out);
}

fn end_line(out: &mut String) {
    drop_empty_marker(out);
    if !(out.is_empty() || out.ends_with('\n')) {
        trim_trailing_spaces(out);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn markdown(html: &str) -> String {
        let doc = Document::from(html);
        let body = doc.select("body");
        to_markdown(&body.nodes()[0])
    }

    #[test]
    fn paragraphs_headings_lists_and_links() {
        let md = markdown(
            "<body><h2>Section</h2><p>Officials <a href='/x'>said [on]</a> Monday.</p>\
             <ul><li><a href='/a'>Teaser one</a></li><li>Two</li></ul><script>x=1</script></body>",
        );
        assert_eq!(
            md,
            "## Section\n\nOfficials [said (on)](#) Monday.\n\n- [Teaser one](#)\n- Two"
        );
    }

    #[test]
    fn empty_headings_and_items_leave_nothing() {
        let md = markdown("<body><h2><img src='x.png'></h2><p>Text.</p><ul><li></li><li>Item</li></ul></body>");
        assert_eq!(md, "Text.\n\n- Item");
    }

    #[test]
    fn line_breaks_and_cells() {
        let md = markdown("<body><p>One<br>Two</p><table><tr><td>a</td><td>b</td></tr></table></body>");
        assert_eq!(md, "One\nTwo\n\na b");
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let html = format!(
            "<body>{}deep{}</body>",
            "<span>".repeat(50_000),
            "</span>".repeat(50_000)
        );
        assert_eq!(markdown(&html), "deep");
    }
}
