//! Boilerplate inside one document: what a block *is*, judged from its form
//! rather than from any site's wording.
//!
//! Scraped news carries the same kinds of non-article text on every site:
//! navigation and "related" links, photo captions and credits, share/UI
//! labels, donation or subscription appeals written to the reader ("we",
//! "you", "support us"), news tickers (time stamps alternating with
//! headlines), bracketed re-post notes and bare URLs. The classifiers here
//! recognise those forms; [`trim_tail`] and [`drop_noise`] apply them where
//! such text sits (tickers and appeals at the end; navigation anywhere).
//! Text repeated across the documents of a run is handled by
//! `extract::repeated`, which sees the whole run.

use super::blocks::{ends_sentence, Block};
use super::dates::{parse_date, parse_date_line};
use chrono::NaiveDate;
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

static RELATIVE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:\d+|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?)\s+ago|just now|yesterday|today|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)$").unwrap()
});
static NAV_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:related(?:\s+(?:articles?|stories|content|coverage|news|reading|links?))?|read\s+(?:more|also|next|this)|see\s+also|also\s+(?:read|see)|more(?:\s+(?:on\s+this|from\s+\S+|stories|news|coverage))?|recommended(?:\s+for\s+you)?|watch(?:\s+now)?|listen|further\s+reading|trending(?:\s+now)?|most\s+(?:read|popular)|you\s+may\s+also\s+like|don[’']t\s+miss|top\s+stories|see\s+more|tags|topics|filed\s+under|lesen\s+sie\s+(?:auch|mehr)|lest\s+auch|mehr\s+zum\s+thema|auch\s+interessant|meistgelesen|(?:à\s+)?lire\s+aussi|voir\s+aussi|leia\s+(?:também|mais)|lee\s+también|leer\s+más|te\s+puede\s+interesar|leggi\s+anche|les\s+også|läs\s+också)\s*(?:[:|>»–—-]|$)").unwrap()
});
static CREDIT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:photos?|images?|pictures?|illustrations?|graphics?|videos?|fotos?|bild(?:er)?|credits?|caption|sources?|quellen?|legende|légende|leyenda|didascalia)\s*(?:by(?-u:\b)|:|credit(?-u:\b)|courtesy(?-u:\b)|source(?-u:\b)|©)").unwrap()
});
static CREDIT_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:getty\s+images|afp\s+photo|ap\s+photo|reuters\s*/|/\s*reuters|shutterstock|(?-u:\b)cc\s+by(?-u:\b)|creative\s+commons|attribution\s+\d|(?-u:\b)file\s+(?:photo|image|picture)(?-u:\b)|©|\((?:photo|image|picture)(?-u:\b)|photo\s+by(?-u:\b)|image\s+by(?-u:\b)|(?-u:\b)credit:\s)").unwrap()
});
/// "(left)", "(second right)"; the single letters only as a pair, "(L) …
/// (R)": alone, "Gov. Kristi Noem (R)" names a party.
static POSITION_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\((?:left|right|center|centre|second\s+left|second\s+right|top|bottom|front|pictured|inset)\)|\(l\).*\(r\)|\(r\).*\(l\)",
    )
    .unwrap()
});
/// "Jane Doe, left, and John Roe": a person's place in a photo.
static PLACED_IN_PICTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s(?:left|right|cent(?:er|re)|from\s+left|second\s+(?:left|right)),\s").unwrap()
});
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[[^\[\]]{1,100}\]$").unwrap());
static URL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:original|source|canonical|article)?\s*(?:url|link|source)\s*:\s*)?<?((?:https?|ftp)://\S+?)>?$",
    )
    .unwrap()
});
static URL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:original|source|canonical|article)?\s*(?:url|link|source|address)\s*:$").unwrap()
});
/// A disclosure that the page earns from the links it carries, as a
/// paragraph of its own ("Disclosure: … may earn a commission", "This post
/// may contain affiliate links"); a sentence of the article that mentions
/// an affiliate link stays.
static AFFILIATE_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:affiliate\s+)?disclosure\s*:|ftc\s*:|(?:this|the)\s+(?:post|article|page|story)\s+(?:may\s+)?contains?\s+affiliate|(?:\S+\s+){0,3}may\s+(?:earn|receive)\s+(?:a\s+)?(?:small\s+)?(?:affiliate\s+)?commission|.{0,120}affiliate-links?(?-u:\b).{0,120}(?:provision|commission|kommission))").unwrap()
});
/// How to reach the author, closing a story: a handle to follow, or the
/// author's own address ("Follow him @jane", "Write to Jane Doe at jane@…").
/// An address alone is not enough: articles end with where readers can
/// ask for more ("contact the press office at …").
static CONTACT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\bfollow\s+(?:\w+\s+){0,3}(?:on\s+(?:twitter|x|instagram|facebook|threads|bluesky)|@\w+))|(?i:\breach(?:ed)?\s+(?:\w+\s+){0,3}(?:at|on)\s+(?:twitter|@|https?://(?:www\.)?(?:twitter|x)\.com))|(?i:e-?mail|write\s+to)\s+\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){0,2}\s+at\s+[\w.+-]+@").unwrap()
});
/// A wire story's credits: "Reporting by …; Editing by …", "Associated
/// Press writers … contributed".
static WIRE_CREDITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(?(?:(?:additional\s+)?reporting|writing|editing)\s+by\b|^(?:the\s+)?associated\s+press\s+writers?\b.*\bcontributed\b|^\(?with\s+files\s+from\b").unwrap()
});
static SALUTATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:dear|hi|hello|hey)(?-u:\b)[^.!?]{0,40}[,:!]$").unwrap());
static UI_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:advertisement|advert|sponsored(?:\s+content)?|anzeige|werbung|publicité|publicidad|publicidade|pubblicità|reklame|annons|iklan|remind\s+me\s+later|maybe\s+later|no\s+thanks|not\s+now|close|share(?:\s+(?:this|on\s+\w+|article|story))?|print|e-?mail|comments?(?:\s*\(\d+\))?|show\s+(?:more|comments)|load\s+more|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|loading|click\s+here|subscribe(?:\s+now)?|sign\s+(?:in|up)|log\s+in|follow\s+us|copy\s+link|listen\s+to\s+this\s+article|tweet|whatsapp|facebook|twitter|linkedin|telegram|continue\s+reading|sharing\s+is\s+caring|be\s+the\s+first\s+to\s+comment(?:\s+on\s+this\s+(?:article|story|post))?|accept(?:\s+all)?(?:\s+cookies)?|tags|topics|(?:image|photo|slide|picture)\s+\d+\s*(?:of|/)\s*/?\s*\d*|\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago|duration\s+\d{1,2}:\d{2}(?::\d{2})?|about\s+the\s+author|teilen|drucken|kommentare|partager|imprimer|commentaires|compartir|imprimir|comentarios|condividi|stampa|commenti|(?:[\w-]+\s+)?(?:aufklappen|ausklappen)\s+(?:[\w-]+\s+)?(?:zuklappen|einklappen)|(?:[\w-]+\s+)?expand\s+(?:[\w-]+\s+)?collapse)\W*$").unwrap()
});
static CALL_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:support\s+(?:us|our|independent)|your\s+support|donat(?:e|ion|ions|ing)|contribut(?:e|ion|ions)(?-u:\b)|subscri(?:be|ption|ber)|newsletter|sign\s+up|become\s+a\s+(?:member|supporter|subscriber)|membership|paywall|thank\s+you\s+for|please\s+(?:support|consider|help|donate|subscribe|disable)|ad\s*-?blocker|cookies?(?-u:\b)|follow\s+us|follow\s+\S+(?:\s+\S+)?\s+on\s+(?:google\s+news|twitter|x|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube|whatsapp|telegram)|download\s+(?:our|the)\s+app|unlimited\s+access|free\s+trial|click\s+here|abonn(?:ez|ement|ieren|enten?)|s['’]abonner|suscr[ií]b|suscripci[óo]n|assinatura|assine|abbonati|abbonamento|(?:your|the)\s+(?:inbox|letterbox|mailbox))").unwrap()
});
/// A paywall's or a reading limit's notice, in the languages of the sets
/// we measure on ("Article réservé aux abonnés", "Il vous reste 57% de cet
/// article à lire", "Nur für Abonnenten", "Exclusive to subscribers").
static PAYWALL_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:réservée?s?\s+aux\s+abonnés|il\s+vous\s+reste\s+[\d.,]+\s*%|(?:nur|exklusiv)\s+für\s+abonnenten|(?:exclusive|only)\s+(?:to|for)\s+(?:subscribers|members)|exclusivo\s+para\s+(?:suscriptores|assinantes)|riservato\s+agli\s+abbonati|sur\s+un\s+seul\s+appareil\s+à\s+la\s+fois)").unwrap()
});
/// An invitation to a newsletter set between paragraphs ("Sign up for
/// breaking news, reviews and more.", "… sign up to our breaking news
/// emails").
static NEWSLETTER_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:sign\s+up|subscribe)\s+(?:now\s+)?(?:for|to)\s+(?:our\s+|the\s+)?[^.!?]{0,100}(?:news|newsletter|updates|alerts|deals|briefing|digest|more)|(?:sign\s+up|subscribe)\s+(?:now\s+)?(?:for|to)\s+our\s+[^.!?]{0,60}(?:emails?|newsletters?|alerts)").unwrap()
});
/// A row of share buttons ("Whatsapp Facebook Pinterest Email").
static SHARE_BAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:share|tweet|whatsapp|facebook|twitter|x|linkedin|pinterest|pint|pin|reddit|telegram|email|e-mail|mail|print|copy(?:\s+link)?|messenger|flipboard|tumblr|baixar|download|compartir|partager|teilen|condividi|compartilhar)\W*){2,}$").unwrap()
});
/// "This slideshow requires JavaScript", "Please enable JavaScript to view…".
static SCRIPT_NOTICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:requires|enable|turn\s+on|activate)\s+javascript").unwrap());
/// A WordPress shortcode left in the text: `[button link="…"]Label[/button]`.
static SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[a-z_]+(?:\s[^\]]*)?\][^\[]*\[/[a-z_]+\]$").unwrap());
static AUTHOR_BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L}.'’-]*\s+){1,3}(?:is|was|has been|covers)\s+(?:a|an|the|our|\p{Lu})[^.!?]{0,120}?(?i:reporter|writer|correspondent|editor|journalist|columnist|producer|contributor|photographer|author|freelancer|intern|analyst|critic|anchor|host)").unwrap()
});
static NAME_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){1,3}$").unwrap());
static TAG_LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:tags|topics|keywords)\W*$").unwrap());
static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"“[^”]*”|"[^"]*"|«[^»]*»|„[^“”]*[“”]"#).unwrap());

/// A photo caption or an image/photo credit.
pub fn is_caption_or_credit(block: &Block) -> bool {
    if block.words > 40 {
        return false;
    }
    CREDIT_START.is_match(&block.text)
        || CREDIT_ANYWHERE.is_match(&block.text)
        || POSITION_MARKER.is_match(&block.text)
        || block.credit_tail
}

/// Whether a text reads as a photo's caption: it places people in the
/// picture ("Jane Doe, left, and …", "(second right)") or names the day the
/// photo was taken ("…, Sunday, Nov. 17, 2019, in Las Vegas.").
fn describes_photo(text: &str) -> bool {
    POSITION_MARKER.is_match(text) || PLACED_IN_PICTURE.is_match(text) || parse_date(text, NaiveDate::MAX).is_some()
}

/// Navigation: a line that is mostly link text, or a "Related:"-style label.
pub fn is_navigation(block: &Block) -> bool {
    is_link_line(block) || is_nav_label(block)
}

/// Link lines a page needs, with next to no running text, to be a listing
/// (a front page, a section or tag page) rather than an article.
const LISTING_LINK_LINES: usize = 15;
/// Words of running text below which such a page holds no article.
const LISTING_MAX_PROSE_WORDS: usize = 60;

/// Why an HTML page is not an article, when it is plainly a listing: many
/// link lines (headlines of other pages) and almost no running text, on a
/// page that does not declare itself an article. Kept conservative: an
/// article that reads as a listing is lost, a listing that passes is noise.
pub fn listing_page(blocks: &[Block], declared_article: bool) -> Option<String> {
    if declared_article {
        return None;
    }
    let links = blocks.iter().filter(|b| is_link_line(b)).count();
    let prose: usize = blocks.iter().filter(|b| is_prose(b)).map(|b| b.words).sum();
    (links >= LISTING_LINK_LINES && prose < LISTING_MAX_PROSE_WORDS)
        .then(|| format!("not an article: a listing of {links} linked lines and {prose} words of running text"))
}

/// A short line that is mostly link text.
fn is_link_line(block: &Block) -> bool {
    block.words > 0 && block.link_words * 10 >= block.words * 6 && block.words <= 30
}

/// A "Related:"-style label.
fn is_nav_label(block: &Block) -> bool {
    block.words <= 30 && NAV_LABEL.is_match(&block.text)
}

/// Fewest link lines in a row that make a menu or teaser list inside a page;
/// fewer are links the article itself lists (products, places, sources).
const MIN_LINK_RUN: usize = 3;

/// A paragraph of running text.
fn is_prose(block: &Block) -> bool {
    block.words >= 15 && ends_sentence(&block.text) && !is_link_line(block)
}

/// Which link lines are menus or teasers inside a page: those in a run of at
/// least [`MIN_LINK_RUN`], and a lone one between two paragraphs of running
/// text (an inline "read also"); link lines among other short lines are a
/// list the article makes.
fn in_link_runs(blocks: &[Block]) -> Vec<bool> {
    let mut marks: Vec<bool> = (0..blocks.len())
        .map(|i| {
            is_link_line(&blocks[i])
                && blocks[i].words.saturating_sub(blocks[i].link_words) < 5
                && i > 0
                && blocks.get(i + 1).is_some_and(is_prose)
                && is_prose(&blocks[i - 1])
        })
        .collect();
    let mut start = 0;
    while start < blocks.len() {
        let end = start + blocks[start..].iter().take_while(|b| is_link_line(b)).count();
        if end - start >= MIN_LINK_RUN {
            marks[start..end].iter_mut().for_each(|m| *m = true);
        }
        start = end.max(start + 1);
    }
    marks
}

/// A bare UI label such as "Share", "Advertisement" or "Remind me later."
pub fn is_ui_label(block: &Block) -> bool {
    (block.words <= 6 && UI_LABEL.is_match(&block.text))
        || (block.words <= 10 && SHARE_BAR.is_match(&block.text))
        || (block.words <= 12 && SCRIPT_NOTICE.is_match(&block.text))
        || SHORTCODE.is_match(&block.text)
}

/// A time stamp as tickers print it ("18 minutes ago", "14:05").
pub fn is_relative_time(block: &Block) -> bool {
    block.words <= 5 && RELATIVE_TIME.is_match(&block.text)
}

/// A note in square brackets standing alone, as re-posts append.
pub fn is_bracketed_note(block: &Block) -> bool {
    block.words <= 12 && BRACKETED.is_match(&block.text)
}

/// The URL a line names, when the line is nothing but a (labelled) URL.
pub fn url_of_line(block: &Block) -> Option<String> {
    URL_LINE
        .captures(&block.text)
        .map(|c| c[1].trim_end_matches(['>', ')', '.']).to_string())
}

/// A label such as "Original url:" standing alone before a URL.
pub fn is_url_label(block: &Block) -> bool {
    block.words <= 4 && URL_LABEL.is_match(&block.text)
}

/// A headline as lists of teasers print it: short, capitalised, no full stop.
pub fn is_headline_like(block: &Block) -> bool {
    let starts_upper = block
        .text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || matches!(c, '“' | '"' | '\''));
    (2..=25).contains(&block.words) && starts_upper && !ends_sentence(&block.text) && !block.text.ends_with([',', ';'])
}

/// How strongly a block addresses the reader as an appeal does: the share of
/// first-person-plural and second-person words outside quotations, and
/// whether it asks for support, a subscription or the like.
fn appeal_signals(block: &Block) -> (f32, bool) {
    let unquoted = QUOTED.replace_all(&block.text, " ");
    let mut words = 0usize;
    let mut voice = 0usize;
    for word in unquoted.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
        if word.is_empty() {
            continue;
        }
        words += 1;
        let lower = word.to_lowercase().replace('’', "'");
        if matches!(
            lower.as_str(),
            "we" | "us"
                | "our"
                | "ours"
                | "you"
                | "your"
                | "yours"
                | "you're"
                | "we're"
                | "we've"
                | "you've"
                | "you'll"
        ) {
            voice += 1;
        }
    }
    let density = if words == 0 { 0.0 } else { voice as f32 / words as f32 };
    (density, CALL_TO_ACTION.is_match(&unquoted))
}

/// Removes trailing boilerplate: tickers, appeals, UI labels, credits, URL
/// lines, re-post notes and the author's biography. Returns a URL found there, if any.
pub fn trim_tail(blocks: &mut Vec<Block>, keep_at_least: usize, context: TailContext<'_>) -> Option<String> {
    let TailContext { today, author, markup } = context;
    let author_box = AuthorBox::new(author);
    let mut url = None;
    let mut in_appeal = false;
    let mut after_bio = false;
    // Fragments among the lines dropped so far: with those still at the
    // end, they may make a footer.
    let mut fragments_dropped = 0;
    while blocks.len() > keep_at_least {
        let last = blocks.len() - 1;
        let block = &blocks[last];
        let previous = last.checked_sub(1).map(|i| &blocks[i]);
        let (voice, asks) = appeal_signals(block);
        let is_time = |b: &Block| is_relative_time(b) || parse_date_line(&b.text, today).is_some();
        let strong_appeal = asks && (voice >= 0.04 || block.words <= 25);
        // "Name is a reporter for …" and the name above it close many articles.
        let bio = block.words <= 60 && (AUTHOR_BIO.is_match(&block.text) || author_box.is_bio(&block.text));
        let sign_off = block.words <= 60 && (CONTACT_LINE.is_match(&block.text) || WIRE_CREDITS.is_match(&block.text));
        let drop = if let Some(found) = url_of_line(block) {
            url.get_or_insert(found);
            true
        } else {
            is_time(block)
                || is_url_label(block)
                || is_ui_label(block)
                || is_bracketed_note(block)
                || is_caption_or_credit(block)
                || is_navigation(block)
                || (is_headline_like(block) && previous.is_some_and(is_time))
                || strong_appeal
                || bio
                || sign_off
                || ((after_bio || author_box.is_name(&block.text)) && NAME_LINE.is_match(&block.text))
                || (in_appeal && (voice >= 0.05 || SALUTATION.is_match(&block.text) || is_appeal_heading(block)))
                || (!markup && in_footer(blocks, fragments_dropped))
        };
        if !drop {
            break;
        }
        // A section label ("More from …") ends the appeal run above it: what
        // precedes the label is the article's own closing.
        in_appeal = (in_appeal || strong_appeal) && !is_nav_label(block);
        after_bio = bio;
        fragments_dropped += usize::from(is_footer_fragment(block));
        blocks.pop();
    }
    url
}

/// What [`trim_tail`] knows of the document besides its blocks.
#[derive(Debug, Clone, Copy)]
pub struct TailContext<'a> {
    /// The day dates are judged against (none lies after it).
    pub today: NaiveDate,
    /// The byline, whose author box may close the text.
    pub author: Option<&'a str>,
    /// The blocks come from a page with markup, whose link lines tell its
    /// menus apart; plain text needs the footer rule below instead.
    pub markup: bool,
}

/// Fewest fragments that make a site footer at the end of plain text.
const MIN_FOOTER_FRAGMENTS: usize = 4;
/// The most words a footer fragment has.
const FOOTER_FRAGMENT_WORDS: usize = 6;

/// A line of a site footer in plain text: a few words that are neither a
/// sentence nor a labelled item ("Privacy Policy", "Contact Us", "Mapa do
/// Site", but not "England (Group A): 10th appearance").
fn is_footer_fragment(block: &Block) -> bool {
    block.words <= FOOTER_FRAGMENT_WORDS && !block.heading && !ends_sentence(&block.text) && !block.text.contains(':')
}

/// A line a footer is made of: fragments, with the copyright or credit
/// lines and UI labels among them.
fn is_footer_line(block: &Block) -> bool {
    is_footer_fragment(block) || is_caption_or_credit(block) || is_ui_label(block)
}

/// Whether the last block belongs to a run of footer lines long enough to
/// be a footer's link list rather than the article's own last lines (a
/// signature, a dateline): the fragments in the run at the end of
/// `blocks`, with those already dropped after it, number at least
/// [`MIN_FOOTER_FRAGMENTS`].
fn in_footer(blocks: &[Block], fragments_dropped: usize) -> bool {
    let run = blocks.iter().rev().take_while(|b| is_footer_line(b));
    blocks.last().is_some_and(is_footer_line)
        && run.filter(|b| is_footer_fragment(b)).count() + fragments_dropped >= MIN_FOOTER_FRAGMENTS
}

/// The author's box that closes many articles: the name on a line of its
/// own, and a few sentences that open with it ("Regan Smith is a
/// Connecticut native…", "Emiliano joined pv magazine in 2017.").
struct AuthorBox {
    /// The byline's name without "By".
    name: Option<String>,
}

impl AuthorBox {
    fn new(author: Option<&str>) -> AuthorBox {
        let name = author
            .map(|a| {
                let a = a.trim();
                a.strip_prefix("by ")
                    .or_else(|| a.strip_prefix("By "))
                    .unwrap_or(a)
                    .trim()
                    .to_string()
            })
            // A person's name, not an outlet's or a desk's ("QCY Official",
            // "Staff Clinician"): their sentences are the article's own.
            .filter(|a| {
                let words: Vec<&str> = a.split_whitespace().collect();
                (2..=4).contains(&words.len())
                    && words.iter().all(|w| {
                        w.chars().next().is_some_and(char::is_uppercase)
                            && w.chars().skip(1).any(char::is_lowercase)
                            && !INSTITUTIONAL.is_match(w)
                    })
            });
        AuthorBox { name }
    }

    /// The whole line is the author's name.
    fn is_name(&self, text: &str) -> bool {
        self.name.as_deref().is_some_and(|name| text.trim() == name)
    }

    /// A short biography: opens with the author's full or first name and a
    /// verb of the kind biographies use.
    fn is_bio(&self, text: &str) -> bool {
        let Some(name) = self.name.as_deref() else {
            return false;
        };
        let first = name.split_whitespace().next().unwrap_or(name);
        // "Jane Doe writes about…", or after a description of her: "A
        // 38-year industry veteran and award-winning journalist, Jane has…".
        let described = || {
            let end = (0..=text.len().min(160))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            let head = &text[..end];
            head.match_indices(&format!(", {first}")).any(|(at, found)| {
                !head[..at].contains(['.', '!', '?']) && BIO_VERB.is_match(&head[at + found.len()..])
            })
        };
        [name, first]
            .iter()
            .any(|opening| text.strip_prefix(opening).is_some_and(|rest| BIO_VERB.is_match(rest)))
            || described()
    }
}

static INSTITUTIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:staff|team|official|editors?|editorial|desk|news|newsroom|admin|media|press|group|clinician|contributor)$").unwrap()
});
static BIO_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:is|was|has|joined|writes|covers|lives|works|graduated|holds|began|started|reports|makes\s+(?:frequent|regular)|appears|contributes|hosts|teaches|studied)\b").unwrap()
});

/// A short line introducing a message block ("A message from the editors:").
fn is_appeal_heading(block: &Block) -> bool {
    block.words <= 10 && block.text.ends_with(':')
}

/// Fewest teaser cards in a run that make a teaser list.
const MIN_TEASER_CARDS: usize = 3;

/// Removes runs of teaser cards: a kicker in capitals ("RANDY ANDY",
/// "'A NATIONAL TRAGEDY'") over a headline, three times or more, as pages
/// set their "more stories" boxes beside or after the article. Cards whose
/// headline is a link may carry a line of summary and a label between
/// them; cards without links must follow each other with at most a label
/// between: a page's own list in capitals ("STEP 1", a subhead, a
/// paragraph) has more to say under each.
pub fn drop_teaser_cards(blocks: &mut Vec<Block>) {
    let card_at = |i: usize| is_kicker(&blocks[i]) && blocks.get(i + 1).is_some_and(is_teaser_headline);
    let linked = |i: usize| blocks[i + 1].link_words * 2 >= blocks[i + 1].words;
    let label = |j: usize| blocks[j].words <= 5;
    let mut drop = vec![false; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        if !card_at(i) {
            i += 1;
            continue;
        }
        let mut cards = vec![i];
        loop {
            let after = cards[cards.len() - 1] + 2;
            let linked_run = cards.iter().all(|&c| linked(c));
            let reach = if linked_run { 2 } else { 1 };
            let next = (after..=(after + reach).min(blocks.len().saturating_sub(1)))
                .find(|&j| card_at(j) && ((linked_run && linked(j)) || (after..j).all(label)));
            match next {
                Some(j) => cards.push(j),
                None => break,
            }
        }
        let last = cards[cards.len() - 1];
        if cards.len() >= MIN_TEASER_CARDS {
            // The last card's summary, where the cards carry one.
            let summarised = cards.windows(2).all(|w| w[1] - w[0] >= 3);
            let end = if summarised {
                (last + 3).min(blocks.len())
            } else {
                last + 2
            };
            drop[i..end].iter_mut().for_each(|d| *d = true);
        }
        i = last + 2;
    }
    let mut flags = drop.into_iter();
    blocks.retain(|_| !flags.next().unwrap_or(false));
}

/// A kicker over a teaser's headline: a few words, every letter a capital.
fn is_kicker(block: &Block) -> bool {
    block.words <= 6
        && block.text.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !block.text.chars().any(char::is_lowercase)
}

/// A teaser's headline: a line of some words, not a sentence ended.
fn is_teaser_headline(block: &Block) -> bool {
    (3..=25).contains(&block.words) && block.text.chars().any(char::is_lowercase) && !block.text.ends_with(['.', ':'])
}

/// Removes navigation, credits, UI labels, bracketed notes and URL lines
/// anywhere, the second of two identical adjacent blocks (a caption
/// printed twice, as image alt text and caption), and later copies of a
/// long block the page prints again. Returns a URL found.
pub fn drop_noise(blocks: &mut Vec<Block>) -> Option<String> {
    let mut url = None;
    // A long block printed more than once in one page is kept once: a
    // teaser or a pull quote printed twice, or a paragraph the article
    // repeats (the same recipe in each meal plan). A photo caption printed
    // with its gallery goes. Short repeated lines can be the subheads of a
    // list, and repeated questions an interview's: those stay.
    let mut printed: std::collections::HashSet<String> = Default::default();
    let mut seen: HashMap<&str, usize> = HashMap::default();
    for block in blocks.iter() {
        *seen.entry(block.text.as_str()).or_default() += 1;
    }
    let repeated_in_page: Vec<bool> = blocks.iter().map(|b| seen[b.text.as_str()] > 1).collect();
    drop(seen);
    let mut kept: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut after_tag_label = false;
    let link_runs = in_link_runs(blocks);
    for ((block, in_link_run), repeated_in_page) in
        std::mem::take(blocks).into_iter().zip(link_runs).zip(repeated_in_page)
    {
        let tag_list = after_tag_label && block.text.matches(',').count() >= 2 && !ends_sentence(&block.text);
        after_tag_label = block.words <= 2 && TAG_LABEL.is_match(&block.text);
        if repeated_in_page
            && block.words >= 13
            && !block.text.ends_with('?')
            && (describes_photo(&block.text) || !printed.insert(block.text.clone()))
        {
            continue;
        }
        if tag_list || parse_date_line(&block.text, NaiveDate::MAX).is_some() {
            continue;
        }
        if let Some(found) = url_of_line(&block) {
            url.get_or_insert(found);
            if kept.last().is_some_and(is_url_label) {
                kept.pop();
            }
            continue;
        }
        let noise = in_link_run
            || is_nav_label(&block)
            || is_ui_label(&block)
            || is_bracketed_note(&block)
            || (block.words <= 40 && AFFILIATE_NOTE.is_match(&block.text))
            || (block.words <= 25 && NEWSLETTER_PROMPT.is_match(&block.text))
            || (block.words <= 40 && PAYWALL_NOTICE.is_match(&block.text))
            || (is_caption_or_credit(&block) && !ends_sentence_long(&block));
        let repeated = kept.last().is_some_and(|prev| prev.text == block.text);
        if !noise && !repeated {
            kept.push(block);
        }
    }
    *blocks = kept;
    url
}

/// A full sentence of some length: a credit pattern inside it is more likely
/// reporting ("a file photo shows…") than a credit line.
fn ends_sentence_long(block: &Block) -> bool {
    block.words >= 25 && ends_sentence(&block.text) && !block.credit_tail
}

#[cfg(test)]
mod tests {
    use super::super::blocks::split_blocks;
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
    }

    fn context(author: Option<&str>) -> TailContext<'_> {
        TailContext {
            today: today(),
            author,
            markup: false,
        }
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn share_bars_script_notices_and_shortcodes_are_ui() {
        let mut blocks = split_blocks(
            "The mayor opened the new bridge on Monday.\n\nWhatsapp Facebook Pint Baixar\n\n\
             This slideshow requires JavaScript.\n\n[button link=\"/x\" type=\"big\"]Send us your review[/button]\n\n\
             Traffic is expected to ease, officials said.",
        );
        drop_noise(&mut blocks);
        assert_eq!(
            texts(&blocks),
            [
                "The mayor opened the new bridge on Monday.",
                "Traffic is expected to ease, officials said."
            ]
        );
    }

    #[test]
    fn labels_credits_and_notices_in_other_languages_are_not_text() {
        let body = "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.";
        let more = "Die Opposition stimmte dagegen.";
        for noise in [
            "Teilen",
            "Personen-Box aufklappen Personen-Box zuklappen",
            "Duration 12:38",
            "Anzeige",
            "Filed under: Khawarij |",
            "1 day ago",
            "Lest auch",
            "Mehr zum Thema:",
            "Aktualisiert am 07.01.2026 - 18:50 Uhr Lesedauer: 4 Min.",
            "Quelle: AFP",
            "Legende: Der Stadtrat bei der Sitzung am Dienstag.",
            "Die mit einem Symbol gekennzeichneten Links sind Affiliate-Links. Kommt darüber ein Einkauf zustande, erhalten wir eine Provision.",
            "Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.",
            "For free real time breaking news alerts sent straight to your inbox sign up to our breaking news emails",
        ] {
            let mut blocks = split_blocks(&format!("{body}\n\n{noise}\n\n{more}"));
            drop_noise(&mut blocks);
            assert_eq!(texts(&blocks), [body, more], "{noise}");
        }
    }

    #[test]
    fn runs_of_teaser_cards_go_a_list_in_capitals_stays() {
        let article = "The first two patients remain in quarantine, and 46 of their contacts are under observation.";
        let cards = "RANDY ANDY\n\nPrince parties in unearthed pictures despite his claims\n\nTIME TRAVELLER\n\n\
                     Conspiracy theorists spot a climate activist in an old picture\n\nWarning\n\n\
                     ‘NAÏVE AND TRUSTING’\n\nMother tells court of her daughter's last night out";
        let mut blocks = split_blocks(&format!("{article}\n\n{cards}\n\n{article}"));
        drop_teaser_cards(&mut blocks);
        assert_eq!(texts(&blocks), [article, article]);
        let steps = "STEP ONE\n\nSit up straight\n\nAdjust the chair so that your knees are at a right angle and your feet rest on the floor.\n\n\
                     STEP TWO\n\nRelax your shoulders\n\nRaise or lower the desk until it sits just below your elbows when your arms hang.\n\n\
                     STEP THREE\n\nKeep the screen at arm's length\n\nPut the top of the screen at the height of your eyes.";
        let mut blocks = split_blocks(steps);
        let before = texts(&blocks).len();
        drop_teaser_cards(&mut blocks);
        assert_eq!(texts(&blocks).len(), before);
    }

    #[test]
    fn a_party_letter_is_not_a_place_in_a_photo() {
        let lede = Block::plain("South Dakota Gov. Kristi Noem (R) is defending the state's new anti-drug campaign.");
        assert!(!is_caption_or_credit(&lede));
        let caption = Block::plain("Kristi Noem (L) and her deputy (R) at the launch in Pierre.");
        assert!(is_caption_or_credit(&caption));
    }

    #[test]
    fn a_repeated_paragraph_stays_once_a_repeated_photo_caption_goes() {
        let recipe = "Chicken zoodles with one cup of zucchini noodles, four ounces of cooked chicken and a teaspoon of sesame oil.";
        let caption = "Mayor Jane Doe speaks with a business owner during a campaign stop, Tuesday, Nov. 19, 2019, in Columbia, S.C.";
        let placed =
            "Jane Doe, left, and John Roe, the harbour master, open the new ferry terminal to the first passengers.";
        let mut blocks = split_blocks(&format!(
            "Plan A\n\n{recipe}\n\n{caption}\n\n{placed}\n\nPlan B\n\n{recipe}\n\n{caption}\n\n{placed}"
        ));
        drop_noise(&mut blocks);
        assert_eq!(texts(&blocks), ["Plan A", recipe, "Plan B"]);
    }

    #[test]
    fn the_known_authors_box_closes_the_article_an_outlets_sentences_do_not() {
        let body = "The mayor opened the new bridge on Monday after three years of works.\n\n\
                    Officials expect traffic to ease, the mayor said.\n\nRegan Smith\n\n\
                    Regan lives in Central Massachusetts with her husband, two sons and two cats.";
        let mut blocks = split_blocks(body);
        trim_tail(&mut blocks, 1, context(Some("by Regan Smith")));
        assert_eq!(
            texts(&blocks).last(),
            Some(&"Officials expect traffic to ease, the mayor said.")
        );
        let mut blocks = split_blocks(
            "Earbuds keep getting better.\n\nQCY is already embracing these trends with its new range of headphones.",
        );
        trim_tail(&mut blocks, 1, context(Some("QCY Official")));
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn sign_offs_and_affiliate_notes_are_removed() {
        let body = "The launch was delayed by a day because of high winds, the agency said.\n\n\
                    Engineers will review the data over the weekend.";
        for sign_off in [
            "Email Tariq Malik at tmalik@example.com or follow him @tariqjmalik.",
            "Write to Al Root at allen.root@example.com",
            "Have a tip? Amy Kuperinsky may be reached at amy@example.com. Follow her on Twitter @AmyKup.",
            "Reporting by Rodrigo Campos; Editing by Jane Doe",
            "Associated Press writers Alan Fram and Zeke Miller contributed to this report.",
            "With files from The Associated Press and Mohamed El Saife",
        ] {
            let mut blocks = split_blocks(&format!("{body}\n\n{sign_off}"));
            trim_tail(&mut blocks, 1, context(None));
            assert_eq!(
                texts(&blocks).last(),
                Some(&"Engineers will review the data over the weekend."),
                "{sign_off}"
            );
        }
        // Where readers can ask for more is the article's own last line.
        let asked = "You also may contact the Division of Drug Information at druginfo@example.gov.";
        let mut blocks = split_blocks(&format!("{body}\n\n{asked}"));
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(texts(&blocks).last(), Some(&asked));
        let mut blocks = split_blocks(&format!("This post may contain affiliate links.\n\n{body}"));
        drop_noise(&mut blocks);
        assert!(texts(&blocks)[0].starts_with("The launch was delayed"));
    }

    #[test]
    fn a_site_footer_closing_plain_text_is_removed() {
        let article = "The case was dropped in 2017 with no charges being brought.\n\n\
                       Prosecutors reviewed the evidence again this year.";
        let footer = "Connecticut Post\nView Comments\n© 2019 Hearst Communications, Inc.\n\
                      Privacy Notice\nTerms of Use\nContact Us";
        let mut blocks = split_blocks(&format!("{article}\n{footer}"));
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(
            texts(&blocks).last(),
            Some(&"Prosecutors reviewed the evidence again this year.")
        );
        // A page's own markup tells its menus apart; the rule is for text.
        let mut blocks = split_blocks(&format!("{article}\n{footer}"));
        trim_tail(
            &mut blocks,
            1,
            TailContext {
                markup: true,
                ..context(None)
            },
        );
        assert_eq!(texts(&blocks).last(), Some(&"Contact Us"));
        // A list of labelled items, or a signature of three lines, is the
        // article's own.
        let listed = "Qualified teams\n\nEngland (Group A): 10th appearance\n\nSpain (Group F): 11th appearance\n\n\
                      France (Group H): 10th appearance\n\nWales (Group E): Second appearance";
        let mut blocks = split_blocks(&format!("{article}\n\n{listed}"));
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(texts(&blocks).last(), Some(&"Wales (Group E): Second appearance"));
        let mut blocks = split_blocks(&format!("{article}\n\nJane Doe\n\nReuters\n\nWashington"));
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(texts(&blocks).last(), Some(&"Washington"));
    }

    #[test]
    fn author_biography_at_the_end_is_removed() {
        let mut blocks = split_blocks(
            "The mayor opened the new bridge on Monday after three years of works.\n\n\
             Officials expect traffic to ease, the mayor said.\n\nPhil Helsel\n\n\
             Phil Helsel is a reporter for NBC News.",
        );
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(
            texts(&blocks).last(),
            Some(&"Officials expect traffic to ease, the mayor said.")
        );
        let mut blocks = split_blocks("The minister said the plan is a reporter's dream.\n\nIt will start in May.");
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn a_described_author_and_a_follow_prompt_close_the_article() {
        let article = "Google will show the new search box to everyone in the United States this summer.\n\n\
                       For some, this is progress. For me, the jury is still out.";
        let tail = "Follow TechRadar on Google News and add us as a preferred source to get our news in your feeds.\n\n\
                    A 38-year industry veteran and award-winning journalist, Lance has covered technology since PCs were the size of suitcases.\n\n\
                    Lance Ulanoff makes frequent appearances on national and local news programs.";
        let mut blocks = split_blocks(&format!("{article}\n\n{tail}"));
        trim_tail(&mut blocks, 1, context(Some("Lance Ulanoff")));
        assert_eq!(
            texts(&blocks).last(),
            Some(&"For some, this is progress. For me, the jury is still out.")
        );
        let mut blocks = split_blocks(&format!(
            "{article}\n\nSign up for breaking news, reviews, opinion, top tech deals, and more.\n\nThe rollout starts in May."
        ));
        drop_noise(&mut blocks);
        assert!(!texts(&blocks).iter().any(|t| t.starts_with("Sign up")));
    }

    #[test]
    fn ticker_at_the_end_is_removed() {
        let mut blocks = split_blocks(
            "The mayor opened the new bridge on Monday after three years of works.\n\
             Traffic is expected to ease in the city centre, officials said.\n\
             March 3, 2024\n5 min ago\nFloods hit northern towns\n2 hours ago\nLocal team wins the cup final",
        );
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(blocks.len(), 2);
        assert!(blocks[1].text.starts_with("Traffic"));
    }

    #[test]
    fn subscription_appeal_at_the_end_is_removed_quotes_kept() {
        let mut blocks = split_blocks(
            "\"We will rebuild our town,\" the mayor said on Tuesday, vowing to help you all.\n\
             Residents returned to their homes on Wednesday.\n\
             Before you go:\n\
             Hello reader,\n\
             Our newsroom depends on readers like you. We cannot do our work without you.\n\
             Please consider a subscription today: it takes a minute, and your support keeps us going.\n\
             Maybe later",
        );
        trim_tail(&mut blocks, 1, context(None));
        assert_eq!(
            texts(&blocks),
            [
                "\"We will rebuild our town,\" the mayor said on Tuesday, vowing to help you all.",
                "Residents returned to their homes on Wednesday."
            ]
        );
    }

    #[test]
    fn navigation_credits_and_url_lines_are_removed() {
        let mut blocks = split_blocks(
            "Prices rose again in May, the statistics office said.\n\n\
             READ MORE: [Why prices keep rising](https://news.example/a)\n\n\
             The increase was driven by energy.\n\n\
             Photo: Jane Doe / Example Agency\n\n\
             Source URL: https://news.example/2024/05/prices",
        );
        let url = drop_noise(&mut blocks);
        assert_eq!(
            texts(&blocks),
            [
                "Prices rose again in May, the statistics office said.",
                "The increase was driven by energy."
            ]
        );
        assert_eq!(url.as_deref(), Some("https://news.example/2024/05/prices"));
    }

    #[test]
    fn gallery_captions_tag_lists_and_datelines_in_the_body_go() {
        let caption =
            "The minister, left, and her counterpart shake hands before the talks in the capital on Monday morning.";
        let mut blocks = split_blocks(&format!(
            "{caption}\n\nThe talks lasted four hours and ended without an agreement, officials said.\n\n\
             Image 2 of 8\n\n{caption}\n\nPUBLISHED: 10:48, Tue, Nov 19, 2019\n\n\
             Both sides agreed to meet again next month.\n\nTags\n\nsummit, diplomacy, trade talks"
        ));
        drop_noise(&mut blocks);
        assert_eq!(
            texts(&blocks),
            [
                "The talks lasted four hours and ended without an agreement, officials said.",
                "Both sides agreed to meet again next month."
            ]
        );
    }

    #[test]
    fn article_paragraphs_with_we_inside_quotes_stay() {
        let block = Block::plain("\"We support the plan and we will vote for it,\" the senator told reporters.");
        let (voice, _) = appeal_signals(&block);
        assert!(voice < 0.05);
    }
}
