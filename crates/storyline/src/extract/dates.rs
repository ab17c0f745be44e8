//! Dates as news pages write them: "January 18, 2022", "Jan. 18, 2022",
//! "18 January 2022", "2022-01-18T10:00:00Z", and dates in URL paths.
//!
//! Two entry points: [`parse_date`] finds the first date anywhere in a string,
//! [`parse_date_line`] accepts a line only if it is *nothing but* a date (with
//! the usual noise: weekday, time, time zone, "Published:"), which is how a
//! dateline under a headline looks and how a body sentence does not.
//! Dates after `today` are rejected: a publication date is never in the future.

use crate::model::{DatePrecision, PubDate};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = "jan(?:uary|\\.)?|feb(?:ruary|\\.)?|mar(?:ch|\\.)?|apr(?:il|\\.)?|may|june?|july?|aug(?:ust|\\.)?|sep(?:t(?:ember)?)?\\.?|oct(?:ober|\\.)?|nov(?:ember|\\.)?|dec(?:ember|\\.)?";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?:\b|[A-Za-z])").unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .unwrap()
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS}),?\s+(\d{{4}})\b"
    ))
    .unwrap()
});
/// `2022/01/18`, `2022.01.18`.
static YMD_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\s?[/.]\s?(\d{1,2})\s?[/.]\s?(\d{1,2})\b").unwrap());
/// `18.01.2022` (day first, as dotted dates are written in Europe).
static DMY_DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b").unwrap());
/// `01/18/2022` (month first unless the first number cannot be a month).
static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?((?:19|20)\d{2})\b").unwrap());
static URL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?:/|-|$)").unwrap());
/// The label of an update's date, as pages show it.
static UPDATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)updat|modified|aktualisiert|mis\s+à\s+jour|actualizado|atualizado|aggiornato").unwrap()
});

/// Whether a text labels a date as an update's ("Updated", "Last modified",
/// "Aktualisiert", "Mis à jour").
pub fn labels_update(text: &str) -> bool {
    UPDATE_LABEL.is_match(text)
}
/// Words and marks that may surround a date on a dateline.
static DATE_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            \s | [,.:|/()\[\]–—-]
          | published | updated | posted | last | modified | first | date | on | at | am | pm | a\.m\.? | p\.m\.?
          | stand | uhr | aktualisiert | veröffentlicht | um | publié | mis | à | jour | le | actualizado | publicado
          | el | las | às | em | pubblicato | aggiornato | alle | ore
          | mon(?:day)? | tue(?:s|sday)? | wed(?:nesday)? | thu(?:rs|rsday)? | fri(?:day)? | sat(?:urday)? | sun(?:day)?
          | \d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?(?:\s?[ap]m)? | \d{1,2}\s*h\s*\d{2}
          | [a-z]{2,4}t | utc | gmt | cet | cest | bst | est | edt | pst | pdt | msk | ist | jst
          | [+-]\d{2}:?\d{2}
          | \d{1,3}\s*min(?:ute)?s?\.?(?:\s+read)? | read | reading\s+time | lesedauer | temps\s+de\s+lecture | tiempo\s+de\s+lectura
        )+$",
    )
    .unwrap()
});

/// Finds the first date anywhere in `text`, if it is not after `today`.
pub fn parse_date(text: &str, today: NaiveDate) -> Option<PubDate> {
    find_date(text).map(|(_, date)| date).filter(|d| d.date <= today)
}

/// Parses a date a producer gave with the document (a JSONL field): ISO 8601
/// at any precision ("2024", "2024-01", "2024-01-05T10:00Z"), Unix time in
/// seconds or milliseconds, or any form [`parse_date`] reads.
pub fn parse_given_date(text: &str, today: NaiveDate) -> Option<PubDate> {
    let text = text.trim();
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    let precise = |date: NaiveDate, precision| (date <= today).then_some(PubDate { date, precision });
    match (text.len(), digits) {
        // Unix time: 9 to 10 digits in seconds (2001 to 2286), 12 to 13 in
        // milliseconds.
        (9..=10 | 12..=13, true) => {
            let mut seconds: i64 = text.parse().ok()?;
            if text.len() >= 12 {
                seconds /= 1000;
            }
            precise(
                chrono::DateTime::from_timestamp(seconds, 0)?.date_naive(),
                DatePrecision::Day,
            )
        }
        (4, true) => precise(NaiveDate::from_ymd_opt(text.parse().ok()?, 1, 1)?, DatePrecision::Year),
        (7, false)
            if text.as_bytes()[4] == b'-' && text[..4].bytes().chain(text[5..].bytes()).all(|b| b.is_ascii_digit()) =>
        {
            let date = NaiveDate::from_ymd_opt(text[..4].parse().ok()?, text[5..].parse().ok()?, 1)?;
            precise(date, DatePrecision::Month)
        }
        _ => parse_date(text, today),
    }
}

/// Parses a line that holds only a date (plus weekday, time, zone, label).
pub fn parse_date_line(line: &str, today: NaiveDate) -> Option<PubDate> {
    if line.len() > 80 {
        return None;
    }
    let ((start, end), date) = find_date(line)?;
    let mut rest = format!("{} {}", &line[..start], &line[end..]);
    // "Published: 15:56, 27 April 2024 | Updated: 15:57, 27 April 2024":
    // a second date labelled as the update's still only dates the piece
    // (two dates without the label are a span of days, which is text).
    if UPDATE_LABEL.is_match(&rest) {
        if let Some(((start, end), _)) = find_date(&rest) {
            rest = format!("{} {}", &rest[..start], &rest[end..]);
        }
    }
    let rest = rest.trim();
    if !rest.is_empty() && !DATE_NOISE.is_match(rest) {
        return None;
    }
    (date.date <= today).then_some(date)
}

/// Rewrites an all-numeric date with slashes ("03/10/2023") read day first,
/// as pages outside the United States write them, in ISO form; the rest
/// of the text is kept. [`parse_date`] reads such dates month first.
pub fn with_day_first(text: &str) -> String {
    let Some(c) = SLASHED.captures(text) else {
        return text.to_string();
    };
    let m = c.get(0).expect("whole match");
    match ymd(&c[3], &c[2], &c[1]) {
        Some(date) => format!("{}{}{}", &text[..m.start()], date.format("%Y-%m-%d"), &text[m.end()..]),
        None => text.to_string(),
    }
}

/// The text with every date in it taken out ("By Jane Doe on 19 Dec
/// 2025" → "By Jane Doe on ").
pub fn without_dates(text: &str) -> String {
    let mut rest = text.to_string();
    // Each pass takes one date out; a line holds a few at most.
    for _ in 0..4 {
        match find_date(&rest) {
            Some(((start, end), _)) => rest.replace_range(start..end, " "),
            None => break,
        }
    }
    rest
}

/// The text after a date it opens with ("Dec 18 2025 Preparing a
/// transition" → "Preparing a transition"), as a post's heading carries
/// its date; the text itself when it does not open with one.
pub fn after_leading_date(text: &str) -> &str {
    match find_date(text) {
        Some(((0, end), _)) => text[end..].trim_start_matches(|c: char| c.is_whitespace() || "-–—|:·•".contains(c)),
        _ => text,
    }
}

/// Finds a date in a URL path such as `/2022/01/18/slug`.
pub fn parse_url_date(url: &str, today: NaiveDate) -> Option<PubDate> {
    let caps = URL_DATE.captures(url)?;
    let year: i32 = caps[1].parse().ok()?;
    let month: u32 = caps[2].parse().ok()?;
    let found = match caps.get(3) {
        Some(day) => PubDate::day(NaiveDate::from_ymd_opt(year, month, day.as_str().parse().ok()?)?),
        None => PubDate {
            date: NaiveDate::from_ymd_opt(year, month, 1)?,
            precision: DatePrecision::Month,
        },
    };
    (found.date <= today).then_some(found)
}

/// The publisher's own day for a declared time stamp: a time given in UTC
/// ("2025-12-19T02:41:41+00:00") falls on the next or previous day for a
/// publisher far from Greenwich, and a date in the URL path, written in
/// the publisher's day, one day away from it is the one readers saw.
pub fn publisher_day(declared: &str, date: PubDate, url_date: Option<PubDate>) -> PubDate {
    let declared = declared.trim();
    let in_utc = declared.contains('T')
        && (declared.ends_with('Z') || declared.ends_with("+00:00") || declared.ends_with("+0000"));
    match url_date {
        Some(url_date)
            if in_utc
                && url_date.precision == DatePrecision::Day
                && (url_date.date - date.date).num_days().abs() == 1 =>
        {
            url_date
        }
        _ => date,
    }
}

fn find_date(text: &str) -> Option<((usize, usize), PubDate)> {
    // Every pattern ends in a year of four ASCII digits (a year in other
    // digits does not parse): most lines have none, and need no search.
    let mut digits = 0;
    if !text.bytes().any(|b| {
        digits = if b.is_ascii_digit() { digits + 1 } else { 0 };
        digits == 4
    }) {
        return None;
    }
    let mut best: Option<((usize, usize), PubDate)> = None;
    let mut consider = |span: (usize, usize), date: Option<NaiveDate>| {
        if let Some(date) = date {
            if best.as_ref().is_none_or(|(b, _)| span.0 < b.0) {
                best = Some((span, PubDate::day(date)));
            }
        }
    };
    if let Some(c) = ISO.captures(text) {
        let m = c.get(0)?;
        consider((m.start(), m.end()), ymd(&c[1], &c[2], &c[3]));
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(text) {
        let m = c.get(0)?;
        let month = month_number(&c[1]).map(|n| n.to_string()).unwrap_or_default();
        consider((m.start(), m.end()), ymd(&c[3], &month, &c[2]));
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(text) {
        let m = c.get(0)?;
        let month = month_number(&c[2]).map(|n| n.to_string()).unwrap_or_default();
        consider((m.start(), m.end()), ymd(&c[3], &month, &c[1]));
    }
    if let Some(c) = YMD_NUMERIC.captures(text) {
        let m = c.get(0)?;
        consider((m.start(), m.end()), ymd(&c[1], &c[2], &c[3]));
    }
    if let Some(c) = DMY_DOTTED.captures(text) {
        let m = c.get(0)?;
        consider((m.start(), m.end()), ymd(&c[3], &c[2], &c[1]));
    }
    if let Some(c) = SLASHED.captures(text) {
        let m = c.get(0)?;
        let (first, second) = (c[1].parse::<u32>().unwrap_or(0), &c[2]);
        let date = if first > 12 {
            ymd(&c[3], second, &c[1])
        } else {
            ymd(&c[3], &c[1], second)
        };
        consider((m.start(), m.end()), date);
    }
    best
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months.iter().position(|m| *m == prefix).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
    }

    fn day(s: &str) -> Option<String> {
        parse_date_line(s, today()).map(|d| d.to_string())
    }

    #[test]
    fn a_heading_opening_with_its_date() {
        assert_eq!(
            after_leading_date("Dec 18 2025 Preparing a transition"),
            "Preparing a transition"
        );
        assert_eq!(after_leading_date("2025-12-18 — Notes"), "Notes");
        assert_eq!(after_leading_date("Notes of Dec 18 2025"), "Notes of Dec 18 2025");
    }

    #[test]
    fn slashed_dates_read_day_first_where_asked() {
        assert_eq!(with_day_first("Posted 03/10/2023 by Ana"), "Posted 2023-10-03 by Ana");
        assert_eq!(
            parse_date(&with_day_first("03/10/2023"), today()).unwrap().to_string(),
            "2023-10-03"
        );
        assert_eq!(parse_date("03/10/2023", today()).unwrap().to_string(), "2023-03-10");
        assert_eq!(with_day_first("10/31/2023"), "10/31/2023");
    }

    #[test]
    fn a_utc_stamp_a_day_off_the_url_takes_the_publishers_day() {
        let url = parse_url_date("https://example.com/2025/12/18/starship-troopers/", today());
        let stamp = "2025-12-19T02:41:41+00:00";
        let parsed = parse_date(stamp, today()).unwrap();
        assert_eq!(publisher_day(stamp, parsed, url).to_string(), "2025-12-18");
        // A local time stamp, or a URL further away, is taken as declared.
        let local = "2025-12-19T02:41:41-05:00";
        assert_eq!(publisher_day(local, parsed, url).to_string(), "2025-12-19");
        let far = parse_url_date("https://example.com/2025/12/10/x/", today());
        assert_eq!(publisher_day(stamp, parsed, far).to_string(), "2025-12-19");
    }

    #[test]
    fn an_iso_date_glued_to_a_zone_name_is_read() {
        let date = parse_date("2025-12-17UTC07:30:00+00:00", today()).unwrap();
        assert_eq!(date.to_string(), "2025-12-17");
    }

    #[test]
    fn datelines_in_common_styles() {
        assert_eq!(day("January 18, 2022").as_deref(), Some("2022-01-18"));
        assert_eq!(day("Jan. 18, 2022").as_deref(), Some("2022-01-18"));
        assert_eq!(
            day("Published: Tuesday, 5 March 2019 10:32 GMT").as_deref(),
            Some("2019-03-05")
        );
        assert_eq!(day("2021-06-16T09:00:00Z").as_deref(), Some("2021-06-16"));
        assert_eq!(day("Sept 3rd, 2020 | 4:05 pm").as_deref(), Some("2020-09-03"));
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(day("2022/01/18").as_deref(), Some("2022-01-18"));
        assert_eq!(day("18.01.2022, 14:05").as_deref(), Some("2022-01-18"));
        assert_eq!(day("05 / 02 / 2013 5: 03pm").as_deref(), Some("2013-05-02"));
        assert_eq!(day("25/12/2020").as_deref(), Some("2020-12-25"));
    }

    #[test]
    fn sentences_are_not_datelines() {
        assert_eq!(day("Biden met Putin on 16 June 2021 in Geneva."), None);
        assert_eq!(
            parse_date("Biden met Putin on 16 June 2021 in Geneva.", today()).map(|d| d.to_string()),
            Some("2021-06-16".to_string())
        );
    }

    #[test]
    fn future_and_impossible_dates_are_rejected() {
        assert_eq!(day("March 3, 2099"), None);
        assert_eq!(day("February 30, 2020"), None);
    }

    #[test]
    fn url_dates() {
        let d = parse_url_date("https://example.com/2022/01/18/some-story-a1", today()).unwrap();
        assert_eq!(d.to_string(), "2022-01-18");
        let m = parse_url_date("https://example.com/2019/07/story", today()).unwrap();
        assert_eq!(m.precision, DatePrecision::Month);
    }

    #[test]
    fn dates_given_with_a_document_are_read_at_their_precision() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let read = |text: &str| parse_given_date(text, today).map(|d| (d.to_string(), d.precision));
        assert_eq!(read("2024-01"), Some(("2024-01-01".into(), DatePrecision::Month)));
        assert_eq!(read("2024"), Some(("2024-01-01".into(), DatePrecision::Year)));
        assert_eq!(read("1700000000"), Some(("2023-11-14".into(), DatePrecision::Day)));
        assert_eq!(read("1700000000000"), Some(("2023-11-14".into(), DatePrecision::Day)));
        assert_eq!(
            read("2024-01-05T10:00:00Z"),
            Some(("2024-01-05".into(), DatePrecision::Day))
        );
        assert_eq!(read("2999"), None);
        assert_eq!(read("2024-13"), None);
    }
}
