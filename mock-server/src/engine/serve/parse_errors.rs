//! The parser's own answers, made JSON. hyper answers a request it cannot
//! parse before any layer sees it, with an empty 400 (a malformed request
//! line or header), 414 (a target longer than [`PARSER_MAX_TARGET`]) or 431
//! (more than [`limits::MAX_HEADERS`] headers, or a head past
//! [`PARSER_MAX_HEAD`]), then shuts the connection down. The connection's
//! [`Socket`](super::socket::Socket) holds that answer back; [`linger`]
//! writes a JSON one in its place, then closes the connection the way the
//! server closes every connection the client may still be writing to.

use crate::engine::limits;
use crate::error::{ApiError, ErrorFormat};
use axum::http::StatusCode;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The parser's bound on a request head (request line and headers): past
/// it the parser stops reading and refuses the request (a JSON 431 less
/// precise than [`limits::edge`]'s: it cannot tell this from more than
/// [`limits::MAX_HEADERS`] headers, which the parser refuses too).
pub const PARSER_MAX_HEAD: usize = 256 * 1024;
/// The longest request target (path and query) the parser takes: hyper's
/// own bound (`MAX_URI_LEN`), not configurable. A longer one is a JSON 414.
pub const PARSER_MAX_TARGET: usize = u16::MAX as usize - 1;

/// A socket handed back, with the parser's answer it held (empty when it
/// held none).
pub struct Held<S> {
    pub stream: S,
    pub answer: Vec<u8>,
}

/// How long a lingering close lasts at most, and how much of what the
/// client still sends it reads and throws away (nginx's lingering close):
/// a client that writes its whole request before reading (a body over the
/// limit, a head past the parser's bounds) then reads the answer rather
/// than a reset connection.
const LINGER: Duration = Duration::from_secs(5);
const DRAIN: u64 = 16 << 20;
/// The longest the parser's answer is (its status line, three headers).
const MAX_PARSERS_ANSWER: usize = 256;

/// Where the parser's answer starts in `buf`, when `buf` ends with one.
pub(super) fn parsers_answer_at(buf: &[u8]) -> Option<usize> {
    if !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let from = buf.len().saturating_sub(MAX_PARSERS_ANSWER);
    let at = from + buf[from..].windows(b"HTTP/1.1 ".len()).rposition(|w| w == b"HTTP/1.1 ")?;
    is_parsers_answer(&buf[at..]).then_some(at)
}

/// Whether `buf` is hyper's answer to a request it could not parse.
fn is_parsers_answer(buf: &[u8]) -> bool {
    const STATUSES: [&[u8]; 3] = [b"HTTP/1.1 400 ", b"HTTP/1.1 414 ", b"HTTP/1.1 431 "];
    if buf.len() > MAX_PARSERS_ANSWER || !STATUSES.iter().any(|s| buf.starts_with(s)) {
        return false;
    }
    let Some(head) = std::str::from_utf8(buf).ok().and_then(|t| t.strip_suffix("\r\n\r\n")) else { return false };
    head.split("\r\n").skip(1).all(|line| matches!(line.split_once(": "), Some(("content-length", "0")) | Some(("connection" | "date", _))))
}

/// Closes a connection the server ended while the client may still be
/// sending: first the JSON answer in place of the parser's held one (or
/// the held one itself when the connection did not end with a parse
/// error; nothing when none was held), then the write side shut, then what
/// the client still sends read and thrown away until it closes, at most
/// [`DRAIN`] bytes or [`LINGER`].
pub async fn linger<S: AsyncRead + AsyncWrite + Unpin>(held: Held<S>, ended_with: Option<hyper::Error>, errors: &ErrorFormat) {
    let Held { mut stream, answer } = held;
    let bytes =
        ended_with.filter(|e| e.is_parse() || e.is_parse_too_large()).and_then(|e| json_answer(&answer, &e, errors)).unwrap_or(answer);
    let _ = tokio::time::timeout(LINGER, async {
        stream.write_all(&bytes).await?;
        stream.shutdown().await?;
        tokio::io::copy(&mut (&mut stream).take(DRAIN), &mut tokio::io::sink()).await
    })
    .await;
}

/// The parser's answer `head` with a JSON body saying what `error` was,
/// in the served spec's error format.
fn json_answer(head: &[u8], error: &hyper::Error, errors: &ErrorFormat) -> Option<Vec<u8>> {
    let head = std::str::from_utf8(head).ok()?;
    let mut lines = head.trim_end().split("\r\n");
    let status_line = lines.next()?;
    let status: StatusCode = status_line.split(' ').nth(1)?.parse().ok()?;
    let api_error = match status {
        StatusCode::URI_TOO_LONG => {
            ApiError::too_large(status, format!("the request target (path and query) is longer than {PARSER_MAX_TARGET} bytes"))
        }
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ApiError::too_large(
            status,
            format!(
                "the request has more than {} headers, or a head larger than {} KiB (at most {} KiB is served)",
                limits::MAX_HEADERS,
                PARSER_MAX_HEAD / 1024,
                limits::MAX_HEAD / 1024
            ),
        ),
        _ => ApiError::unrecognized(status, format!("the request is not valid HTTP/1.1: {error}")),
    };
    let body = api_error.body_in(errors);
    let content_type = errors.content_type();
    let mut out = format!("{status_line}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for date in lines.filter(|l| l.starts_with("date: ")) {
        out.push_str(date);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&body);
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_parsers_own_answers_are_held() {
        let hypers = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: Wed, 25 Nov 2026 16:52:53 GMT\r\n\r\n";
        assert!(is_parsers_answer(hypers));
        assert!(is_parsers_answer(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"));
        // The server's own answers: JSON, or not an error the parser gives.
        assert!(!is_parsers_answer(b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n"));
        assert!(!is_parsers_answer(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}"));
        assert!(!is_parsers_answer(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"));
        assert!(!is_parsers_answer(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n"), "not a whole head");
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    #[test]
    fn the_json_answer_keeps_the_status_and_the_date() {
        let held = b"HTTP/1.1 414 URI Too Long\r\nconnection: close\r\ncontent-length: 0\r\ndate: Wed, 25 Nov 2026 16:52:53 GMT\r\n\r\n";
        let error = block_on(async {
            // A real parse error from hyper: a request line with a bad method.
            let (ours, mut client) = tokio::io::duplex(1 << 12);
            client.write_all(b"G(T / HTTP/1.1\r\n\r\n").await.unwrap();
            let service = hyper::service::service_fn(|_| async { Ok::<_, std::convert::Infallible>(hyper::Response::new(String::new())) });
            hyper::server::conn::http1::Builder::new().serve_connection(hyper_util::rt::TokioIo::new(ours), service).await.unwrap_err()
        });
        let text = String::from_utf8(json_answer(held, &error, &ErrorFormat::default()).unwrap()).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let length = body.len();
        assert_eq!(
            head,
            format!(
                "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/problem+json\r\ncontent-length: {length}\r\nconnection: close\r\ndate: Wed, 25 Nov 2026 16:52:53 GMT"
            )
        );
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            (body["status"].as_u64(), body["detail"].as_str()),
            (Some(414), Some("the request target (path and query) is longer than 65534 bytes"))
        );
    }
}
