//! Lines read with a bound: a line longer than the limit is passed over to
//! its end without being held, so one 8 GB line costs no more memory than a
//! short one.

use std::io::{self, BufRead};

/// What [`read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    /// The end of the stream: nothing was read.
    End,
    /// A line (with its `\n`, unless the stream ended first) is in the buffer.
    Complete,
    /// A line longer than the limit was read past; the buffer holds its
    /// first bytes only.
    TooLong,
}

/// Reads the next line into `buf` (cleared first), holding at most
/// `max_bytes` of it.
pub(super) fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, max_bytes: usize) -> io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        // The line's bytes in this buffer, without its `\n`.
        let (content, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (at, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buf.len() + content > max_bytes {
                too_long = true;
                let room = max_bytes - buf.len();
                buf.extend_from_slice(&available[..room]);
            } else {
                buf.extend_from_slice(&available[..content]);
                if done {
                    buf.push(b'\n');
                }
            }
        }
        reader.consume(content + usize::from(done));
        if done {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => Line::End,
        (true, false) => Line::Complete,
        (true, true) => Line::TooLong,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &[u8], max: usize) -> Vec<(Line, Vec<u8>)> {
        let mut reader = io::BufReader::with_capacity(4, data);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let line = read_line(&mut reader, &mut buf, max).unwrap();
            if line == Line::End {
                return out;
            }
            out.push((line, buf.clone()));
        }
    }

    #[test]
    fn lines_within_the_limit_are_whole() {
        assert_eq!(
            lines(b"ab\ncdef\n\ng", 5),
            [
                (Line::Complete, b"ab\n".to_vec()),
                (Line::Complete, b"cdef\n".to_vec()),
                (Line::Complete, b"\n".to_vec()),
                (Line::Complete, b"g".to_vec()),
            ]
        );
    }

    #[test]
    fn a_long_line_is_passed_over_and_the_next_read() {
        let found = lines(b"0123456789abcdef\nok\n", 5);
        assert_eq!(found[0].0, Line::TooLong);
        assert!(found[0].1.len() <= 5);
        assert_eq!(found[1], (Line::Complete, b"ok\n".to_vec()));
    }

    #[test]
    fn a_line_exactly_at_the_limit_is_kept() {
        assert_eq!(lines(b"abcde\n", 5), [(Line::Complete, b"abcde\n".to_vec())]);
        assert_eq!(lines(b"abcdef\n", 5)[0].0, Line::TooLong);
    }
}
