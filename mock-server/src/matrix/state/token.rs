//! The one page and stream token of the Matrix profile: a position in the
//! event stream, written `t<n>`. Every route that takes or answers a chunk
//! token (the event stream, sync, join, scrollback, context windows,
//! relates-to children) reads and writes it here, so a token one route gives
//! is one every other route takes.
//!
//! Invariant: `t<n>` stands just after the event at stream position `n`
//! (`t0`: before every event). Reading forward (the event stream, sync)
//! gives the events after it, positions `> n`; reading back (scrollback,
//! children) gives the events before it, positions `<= n`.

use crate::error::ApiError;
use client_server_v2::ChunkToken;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StreamToken(pub u64);

impl StreamToken {
    /// The token of `field`, or a 400 naming the field if it is not `t<n>`.
    pub fn parse(token: &ChunkToken, field: &str) -> Result<StreamToken, ApiError> {
        token.as_str().parse().map_err(|()| {
            ApiError::bad_json(format!(
                "field `{field}`: {:?} is not a chunk token of this API (`t` and a stream position)",
                token.as_str()
            ))
        })
    }

    /// An optional token of `field` (see [`StreamToken::parse`]).
    pub fn read(token: Option<&ChunkToken>, field: &str) -> Result<Option<StreamToken>, ApiError> {
        token.map(|t| Self::parse(t, field)).transpose()
    }

    /// The point just before the event at `position` (reading back from it
    /// leaves that event out).
    pub fn before(position: u64) -> StreamToken {
        StreamToken(position.saturating_sub(1))
    }

    /// Whether an event at `position` comes after this point.
    pub fn is_before(self, position: u64) -> bool {
        position > self.0
    }
}

impl std::str::FromStr for StreamToken {
    type Err = ();

    /// `t` and decimal digits only (no sign, no spaces), fitting a `u64`.
    fn from_str(s: &str) -> Result<Self, ()> {
        let digits = s.strip_prefix('t').ok_or(())?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        digits.parse().map(StreamToken).map_err(|_| ())
    }
}

impl fmt::Display for StreamToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "t{}", self.0)
    }
}

impl From<StreamToken> for ChunkToken {
    fn from(t: StreamToken) -> ChunkToken {
        ChunkToken(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_print_and_parse_back() {
        for n in [0, 1, 42, u64::MAX] {
            let t = StreamToken(n);
            assert_eq!(StreamToken::parse(&ChunkToken::from(t), "from").unwrap(), t);
        }
        assert_eq!(StreamToken(7).to_string(), "t7");
    }

    #[test]
    fn malformed_tokens_name_their_field() {
        for bad in ["", "t", "s5", "t-1", "t+1", "t 1", "t1x", "5", "t18446744073709551616", "p1.2"] {
            let e = StreamToken::parse(&ChunkToken::from(bad), "since").unwrap_err();
            assert_eq!((e.status.as_u16(), e.kind), (400, crate::error::ErrorKind::BadJson), "{bad:?}");
            assert!(e.message.starts_with("field `since`:"), "{bad:?}: {}", e.message);
        }
    }

    #[test]
    fn a_token_splits_the_stream() {
        let t = StreamToken(3);
        assert!(!t.is_before(3) && t.is_before(4));
        assert_eq!(StreamToken::before(4), t);
        assert_eq!(StreamToken::before(0), StreamToken(0));
    }
}
