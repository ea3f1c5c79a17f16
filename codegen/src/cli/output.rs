//! Standard output for the subcommands: a reader that goes away (`specgen
//! … | head`) ends the output quietly instead of failing the command.

use std::io::{self, Write};

/// Standard output that turns a closed pipe into the end of the output:
/// once a write fails with `BrokenPipe`, every later write is dropped and
/// reported as done, so the command still finishes with its own exit
/// status. Other write errors are returned as they are.
pub struct Output<W: Write> {
    inner: W,
    closed: bool,
}

impl Output<io::StdoutLock<'static>> {
    pub fn stdout() -> Self {
        Output::new(io::stdout().lock())
    }
}

impl<W: Write> Output<W> {
    pub fn new(inner: W) -> Self {
        Output { inner, closed: false }
    }

    /// Whether the reader went away.
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// `Ok` for a closed pipe (remembered), the error otherwise.
    fn absorb<T>(&mut self, r: io::Result<T>, done: T) -> io::Result<T> {
        match r {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(done)
            }
            r => r,
        }
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.absorb(r, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.absorb(r, ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts `room` bytes, then fails with `kind`.
    struct Pipe {
        room: usize,
        kind: io::ErrorKind,
        got: Vec<u8>,
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(self.kind.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_ends_the_output_quietly() {
        let mut out = Output::new(Pipe { room: 3, kind: io::ErrorKind::BrokenPipe, got: Vec::new() });
        writeln!(out, "hello").unwrap();
        writeln!(out, "more").unwrap();
        assert!(out.closed());
        assert_eq!(out.inner.got, b"hel");
    }

    #[test]
    fn other_write_errors_are_kept() {
        let mut out = Output::new(Pipe { room: 0, kind: io::ErrorKind::StorageFull, got: Vec::new() });
        assert_eq!(writeln!(out, "x").unwrap_err().kind(), io::ErrorKind::StorageFull);
        assert!(!out.closed());
    }
}
