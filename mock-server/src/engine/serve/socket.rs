//! A connection's socket as hyper sees it, with what the server needs
//! around hyper: the parser's own error answer held back (to be replaced by
//! a JSON one, see [`super::parse_errors`]), a write timeout, and the
//! socket handed back when the server closes a connection the client may
//! still be writing to, for a lingering close.
//!
//! Invariants: only the end of a write can be held back, and only when it
//! is exactly the shape of hyper's answer (one head, status 400, 414 or
//! 431, no header but `connection`, `date` and `content-length: 0`: the
//! server's own answers are JSON and carry a `content-type`); the bytes
//! before it (an earlier answer still unsent, when a client pipelines
//! requests) are written first. While an answer is held, a shutdown is
//! deferred. A write that makes no progress for [`WRITE_TIMEOUT`] fails
//! (`TimedOut`), so a client that never reads its answer does not keep its
//! connection. When hyper drops the socket, it comes back through the
//! receiver [`Socket::new`] returns if an answer is held, or if the client
//! had not closed its side (it may still be sending the rest of a body too
//! large, or of a head too slow): see [`super::parse_errors::linger`]. A shed
//! connection ([`super::conns::Conn::shed`]) comes back for neither: it
//! closes at once.

use super::conns::Conn;
use super::parse_errors::{parsers_answer_at, Held};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::oneshot;
use tokio::time::Sleep;

/// How long a write may wait for the client to read (nginx's
/// `send_timeout`): past it, the connection is closed.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection's socket, as hyper sees it.
pub struct Socket<S> {
    /// `None` only once handed back (in `drop`).
    stream: Option<S>,
    /// The parser's answer, held back.
    held: Option<Vec<u8>>,
    /// Written of `held` when it is let through after all.
    released: usize,
    back: Option<oneshot::Sender<Held<S>>>,
    /// Armed while a write waits for the client to read.
    write_deadline: Option<Pin<Box<Sleep>>>,
    /// The client closed its side (a read gave the end of the stream).
    read_closed: bool,
    conn: Arc<Conn>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Socket<S> {
    pub fn new(stream: S, conn: Arc<Conn>) -> (Socket<S>, oneshot::Receiver<Held<S>>) {
        let (back, receiver) = oneshot::channel();
        let socket =
            Socket { stream: Some(stream), held: None, released: 0, back: Some(back), write_deadline: None, read_closed: false, conn };
        (socket, receiver)
    }

    fn stream(&mut self) -> io::Result<Pin<&mut S>> {
        self.stream.as_mut().map(Pin::new).ok_or_else(|| io::ErrorKind::NotConnected.into())
    }

    /// A write's outcome, with the write timeout: progress disarms it; no
    /// progress arms it, and fails the write once it has run out.
    fn timed<T>(&mut self, cx: &mut Context<'_>, polled: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match polled {
            Poll::Pending => {
                let deadline = self.write_deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_TIMEOUT)));
                match deadline.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client did not read its answer"))),
                    Poll::Pending => Poll::Pending,
                }
            }
            done => {
                self.write_deadline = None;
                done
            }
        }
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
            let written = match written {
                Ok(p) => self.timed(cx, p),
                Err(e) => Poll::Ready(Err(e)),
            };
            match ready!(written)? {
                0 => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                n => self.released += n,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Socket<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let read = ready!(this.stream()?.poll_read(cx, buf));
        if read.is_ok() && buf.filled().len() == before && buf.remaining() > 0 {
            this.read_closed = true;
        }
        Poll::Ready(read)
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
            Some(at) => {
                let p = this.stream()?.poll_write(cx, &buf[..at]);
                this.timed(cx, p)
            }
            None => {
                let p = this.stream()?.poll_write(cx, buf);
                this.timed(cx, p)
            }
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
                let p = this.stream()?.poll_write_vectored(cx, bufs);
                this.timed(cx, p)
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.as_ref().is_some_and(S::is_write_vectored)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let p = this.stream()?.poll_flush(cx);
        this.timed(cx, p)
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
        // The server is done, the client may not be: linger.
        let linger = !self.read_closed;
        if self.conn.is_shed() || (self.held.is_none() && !linger) {
            return;
        }
        if let (Some(stream), Some(back)) = (self.stream.take(), self.back.take()) {
            let _ = back.send(Held { stream, answer: self.held.take().unwrap_or_default() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const ANSWER: &[u8] = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    /// Writes `parts` through a [`Socket`] as hyper would (vectored), shuts
    /// it down and drops it (after reading the client's end of the stream
    /// when `client_closed`): what the client read, and what came back.
    fn through_socket(parts: &[&[u8]], client_closed: bool) -> (Vec<u8>, Option<Vec<u8>>) {
        block_on(async {
            let (ours, mut client) = tokio::io::duplex(1 << 16);
            let (mut socket, back) = Socket::new(ours, Arc::new(Conn::default()));
            if client_closed {
                client.shutdown().await.unwrap();
                assert_eq!(socket.read(&mut [0; 16]).await.unwrap(), 0);
            }
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
        assert_eq!(through_socket(&[ANSWER], false), (vec![], Some(ANSWER.to_vec())));
        let both = [&earlier[..], ANSWER].concat();
        assert_eq!(through_socket(&[&both], false), (earlier.to_vec(), Some(ANSWER.to_vec())));
        assert_eq!(through_socket(&[earlier, ANSWER], false), (earlier.to_vec(), Some(ANSWER.to_vec())));
        // The server's own answers go through; the socket comes back, with
        // nothing held, to linger while the client may still be sending,
        // and not at all once the client has closed its side.
        assert_eq!(through_socket(&[earlier], false), (earlier.to_vec(), Some(vec![])));
        assert_eq!(through_socket(&[earlier], true), (earlier.to_vec(), None));
    }

    #[test]
    fn a_write_the_client_never_reads_times_out() {
        block_on(async {
            tokio::time::pause();
            let (ours, _client) = tokio::io::duplex(16);
            let (mut socket, _back) = Socket::new(ours, Arc::new(Conn::default()));
            let e = socket.write_all(&[b'x'; 64]).await.unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::TimedOut);
        });
    }

    #[test]
    fn a_shed_connection_never_comes_back() {
        block_on(async {
            let (ours, _client) = tokio::io::duplex(1 << 10);
            let conn = Arc::new(Conn::default());
            let (mut socket, back) = Socket::new(ours, conn.clone());
            socket.write_all(ANSWER).await.unwrap();
            socket.shutdown().await.unwrap();
            conn.shed();
            drop(socket);
            assert!(back.await.is_err());
        });
    }
}
