//! What a request's query string asks, checked: every value that does not
//! parse, or lies outside its range, is a 400 naming the parameter. An
//! empty value is the same as none (an HTML form sends empty fields);
//! parameters a route does not know are ignored.

use crate::error::ApiError;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::RangeInclusive;
use storyline_index::{StoryOrder, StoryQuery};

/// Largest page a list route returns.
pub(crate) const MAX_LIMIT: usize = 200;
/// A list's page when `limit` is not given.
pub(crate) const DEFAULT_LIMIT: usize = 20;
/// Largest `offset`: SQLite counts rows in a signed 64-bit integer.
const MAX_OFFSET: u64 = i64::MAX as u64;

/// A query string's parameters.
pub(crate) struct Params(HashMap<String, String>);

impl Params {
    /// The parameters as the router's `Query` extractor gives them.
    pub(crate) fn new(map: HashMap<String, String>) -> Self {
        Params(map)
    }

    /// The value of `name`, trimmed; `None` when absent or empty.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(String::from)
    }

    /// A non-negative integer within `range`, `default` when absent.
    pub(crate) fn number(&self, name: &str, default: u64, range: RangeInclusive<u64>) -> Result<usize, ApiError> {
        let value = match self.text(name) {
            None => default,
            Some(v) => v
                .parse::<u64>()
                .map_err(|_| ApiError::bad_request(format!("{name} must be a non-negative integer")))?,
        };
        if !range.contains(&value) {
            return Err(ApiError::bad_request(format!(
                "{name} must lie between {} and {}",
                range.start(),
                range.end()
            )));
        }
        usize::try_from(value).map_err(|_| ApiError::bad_request(format!("{name} is too large")))
    }

    /// `limit` and `offset`, checked.
    pub(crate) fn paging(&self) -> Result<(usize, usize), ApiError> {
        Ok((
            self.number("limit", DEFAULT_LIMIT as u64, 1..=MAX_LIMIT as u64)?,
            self.number("offset", 0, 0..=MAX_OFFSET)?,
        ))
    }

    /// A calendar day, `YYYY-MM-DD`.
    pub(crate) fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.text(name)
            .map(|v| {
                NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                    .map_err(|_| ApiError::bad_request(format!("{name} must be a date, YYYY-MM-DD")))
            })
            .transpose()
    }

    /// One of `choices`, `default` when absent.
    pub(crate) fn choice<'a>(&self, name: &str, default: &'a str, choices: &[&'a str]) -> Result<&'a str, ApiError> {
        match self.text(name) {
            None => Ok(default),
            Some(v) => choices
                .iter()
                .find(|c| **c == v)
                .copied()
                .ok_or_else(|| ApiError::bad_request(format!("{name} must be one of: {}", choices.join(", ")))),
        }
    }

    /// A story list's filters and order: `q`, `source`, `language`,
    /// `from`, `to` (days, `from` not after `to`), `min_docs` (at least 1;
    /// 1 by default) and `sort` (`latest`, `size`, `active` or
    /// `relevance`).
    pub(crate) fn story_query(&self) -> Result<StoryQuery, ApiError> {
        let (from, to) = (self.date("from")?, self.date("to")?);
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                return Err(ApiError::bad_request("from must not be after to"));
            }
        }
        let order = self
            .text("sort")
            .map(|s| {
                s.parse::<StoryOrder>()
                    .map_err(|why| ApiError::bad_request(format!("sort: {why}")))
            })
            .transpose()?;
        Ok(StoryQuery {
            text: self.text("q"),
            source: self.text("source"),
            language: self.text("language"),
            from,
            to,
            min_documents: self.number("min_docs", 1, 1..=MAX_OFFSET)?,
            order,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params::new(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn a_story_query_takes_every_filter_and_refuses_bad_values() {
        let query = params(&[
            ("q", " shutdown "),
            ("source", "nyt"),
            ("language", ""),
            ("from", "2016-01-01"),
            ("to", "2016-12-31"),
            ("min_docs", "2"),
            ("sort", "size"),
        ])
        .story_query()
        .unwrap();
        assert_eq!(query.text.as_deref(), Some("shutdown"));
        assert_eq!(query.source.as_deref(), Some("nyt"));
        assert_eq!(query.language, None, "an empty value is no filter");
        assert_eq!(query.min_documents, 2);
        assert_eq!(query.order, Some(StoryOrder::Size));
        for (name, value, why) in [
            ("from", "2016-13-01", "from must be a date"),
            ("to", "yesterday", "to must be a date"),
            ("min_docs", "0", "min_docs must lie between 1"),
            ("min_docs", "-2", "min_docs must be a non-negative integer"),
            ("sort", "oldest", "sort: unknown order"),
        ] {
            let err = params(&[(name, value)]).story_query().unwrap_err();
            assert_eq!(err.status(), axum::http::StatusCode::BAD_REQUEST);
            assert!(err.message().starts_with(why), "{name}={value}: {}", err.message());
        }
        let err = params(&[("from", "2017-01-01"), ("to", "2016-01-01")])
            .story_query()
            .unwrap_err();
        assert_eq!(err.message(), "from must not be after to");
    }
}
