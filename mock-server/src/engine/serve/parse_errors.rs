//! The parser's own answers, made JSON. hyper answers a request it cannot
//! parse before any layer sees it, with an empty 400 (a malformed request
//! line or header), 414 (a target longer than [`PARSER_MAX_TARGET`]) or 431
//! (more than [`limits::MAX_HEADERS`] headers, or a head past
//! [`PARSER_MAX_HEAD`]), then shuts
//! the connection down. [`Socket`] wraps the connection's socket and holds
//! that answer back; [`answer`] writes a JSON one in its place.
//!
//! Invariants: only the end of a write can be held back, and only when it
//! is exactly the shape of hyper's answer (one head, status 400, 414 or
//! 431, no header but `connection`, `date` and `content-length: 0`: the
//! server's own answers are JSON and carry a `content-type`); the bytes
//! before it (an earlier answer still unsent, when a client pipelines
//! requests) are written first. While an answer is held, a shutdown is
//! deferred, and the socket comes back, when hyper drops it, through the
//! receiver [`Socket::new`] returns. The held answer is replaced only when
//! the connection ended with a parse error; otherwise it is written as it
//! was, before anything written after it.

use super::{limits, PARSER_MAX_HEAD, PARSER_MAX_TARGET};
use crate::error::ApiError;
use axum::http::StatusCode;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::oneshot;

/// How long the JSON answer may take to write, and the client to stop
/// sending afterwards; what it still sends meanwhile (at most [`DRAIN`]
/// bytes) is read and thrown away, so that a client that sent a head past
/// the parser's bounds reads the answer rather than a reset connection.
const LINGER: Duration = Duration::from_secs(2);
const DRAIN: u64 = 1 << 20;
/// The longest the parser's answer is (its status line, three headers).
const MAX_PARSERS_ANSWER: usize = 256;

/// A socket handed back with the parser's answer it held.
pub struct Held<S> {
    stream: S,
    answer: Vec<u8>,
}

/// A connection's socket, as hyper sees it.
pub struct Socket<S> {
    /// `None` only once handed back (in `drop`).
    stream: Option<S>,
    /// The parser's answer, held back.
    held: Option<Vec<u8>>,
    /// Written of `held` when it is let through after all.
    released: usize,
    back: Option<oneshot::Sender<Held<S>>>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Socket<S> {
    pub fn new(stream: S) -> (Socket<S>, oneshot::Receiver<Held<S>>) {
        let (back, receiver) = oneshot::channel();
        (Socket { stream: Some(stream), held: None, released: 0, back: Some(back) }, receiver)
    }

    fn stream(&mut self) -> io::Result<Pin<&mut S>> {
        self.stream.as_mut().map(Pin::new).ok_or_else(|| io::ErrorKind::NotConnected.into())
    }

    /// Writes out a held answer before anything written after it.
    fn poll_release(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(held) = self.held.take() {
            if self.released == held.len() {
                self.released = 0;
                break;
            }
            let from = self.released;
            let written = self.stream().map(|s| s.poll_write(cx, &held[from..]));
            self.held = Some(held);
            match ready!(written?)? {
                0 => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                n => self.released += n,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Socket<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.get_mut().stream()?.poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Socket<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_release(cx))?;
        match parsers_answer_at(buf) {
            Some(0) => {
                this.held = Some(buf.to_vec());
                Poll::Ready(Ok(buf.len()))
            }
            Some(at) => this.stream()?.poll_write(cx, &buf[..at]),
            None => this.stream()?.poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let mut filled = bufs.iter().filter(|b| !b.is_empty());
        let first = filled.next();
        let last = filled.next_back().or(first);
        match (first, last) {
            // The answer is at the end: slice by slice, up to it.
            (Some(first), Some(last)) if parsers_answer_at(last).is_some() => Pin::new(this).poll_write(cx, first),
            _ => {
                ready!(this.poll_release(cx))?;
                this.stream()?.poll_write_vectored(cx, bufs)
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.as_ref().is_some_and(S::is_write_vectored)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().stream()?.poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.held.is_some() {
            return Poll::Ready(Ok(()));
        }
        this.stream()?.poll_shutdown(cx)
    }
}

impl<S> Drop for Socket<S> {
    fn drop(&mut self) {
        if let (Some(answer), Some(stream), Some(back)) = (self.held.take(), self.stream.take(), self.back.take()) {
            let _ = back.send(Held { stream, answer });
        }
    }
}

/// Where the parser's answer starts in `buf`, when `buf` ends with one.
fn parsers_answer_at(buf: &[u8]) -> Option<usize> {
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

/// Writes the JSON answer in place of the parser's `held` one (or the held
/// one itself when the connection did not end with a parse error), then
/// closes the connection, reading what the client still sends meanwhile.
pub async fn answer<S: AsyncRead + AsyncWrite + Unpin>(held: Held<S>, ended_with: Option<hyper::Error>) {
    let Held { mut stream, answer } = held;
    let bytes = ended_with.filter(|e| e.is_parse() || e.is_parse_too_large()).and_then(|e| json_answer(&answer, &e)).unwrap_or(answer);
    let _ = tokio::time::timeout(LINGER, async {
        stream.write_all(&bytes).await?;
        stream.shutdown().await?;
        tokio::io::copy(&mut (&mut stream).take(DRAIN), &mut tokio::io::sink()).await
    })
    .await;
}

/// The parser's answer `head` with a JSON body saying what `error` was.
fn json_answer(head: &[u8], error: &hyper::Error) -> Option<Vec<u8>> {
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
    let body = api_error.body().to_string();
    let mut out = format!("{status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
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

    const ANSWER: &[u8] = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    /// Writes `parts` through a [`Socket`] as hyper would (vectored), shuts
    /// it down and drops it: what the client read, and what came back.
    fn through_socket(parts: &[&[u8]]) -> (Vec<u8>, Option<Vec<u8>>) {
        block_on(async {
            let (ours, mut client) = tokio::io::duplex(1 << 16);
            let (mut socket, back) = Socket::new(ours);
            let mut slices: Vec<io::IoSlice<'_>> = parts.iter().map(|p| io::IoSlice::new(p)).collect();
            let mut rest = &mut slices[..];
            while !rest.is_empty() {
                let n = socket.write_vectored(rest).await.unwrap();
                io::IoSlice::advance_slices(&mut rest, n);
            }
            socket.shutdown().await.unwrap();
            drop(socket);
            let held = back.await.ok().map(|h| {
                drop(h.stream);
                h.answer
            });
            let mut read = Vec::new();
            client.read_to_end(&mut read).await.unwrap();
            (read, held)
        })
    }

    #[test]
    fn the_parsers_answer_is_held_and_what_came_before_it_written() {
        let earlier = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        // Alone, and behind an earlier answer still unsent (in one buffer
        // and in two).
        assert_eq!(through_socket(&[ANSWER]), (vec![], Some(ANSWER.to_vec())));
        let both = [&earlier[..], ANSWER].concat();
        assert_eq!(through_socket(&[&both]), (earlier.to_vec(), Some(ANSWER.to_vec())));
        assert_eq!(through_socket(&[earlier, ANSWER]), (earlier.to_vec(), Some(ANSWER.to_vec())));
        // The server's own answers go through, and nothing comes back.
        assert_eq!(through_socket(&[earlier]), (earlier.to_vec(), None));
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
        let text = String::from_utf8(json_answer(held, &error).unwrap()).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(
            head,
            "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\ncontent-length: 98\r\nconnection: close\r\ndate: Wed, 25 Nov 2026 16:52:53 GMT"
        );
        assert_eq!(body, r#"{"errcode":"M_TOO_LARGE","error":"the request target (path and query) is longer than 65534 bytes"}"#);
    }
}
