//! A request body that fails when the client stops sending: no frame for
//! [`super::BODY_TIMEOUT`] is a timeout, as tower-http's `TimeoutBody`
//! has it, but the timer is armed only when a frame is not there at once.
//! A body that came with its head (most requests) never touches the
//! runtime's timer wheel, whose every new entry cost a send a tenth of its
//! time (a lock, and a wake-up of the parked driver).
//!
//! Invariant: the timer runs only while the body is waiting, and restarts
//! after each frame (so a long upload that keeps sending is never cut).

use hyper::body::{Body, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::Sleep;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// `B` with the timeout.
pub struct LazyTimeout<B> {
    body: B,
    limit: Duration,
    /// Armed while a frame is awaited.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl<B> LazyTimeout<B> {
    pub fn new(limit: Duration, body: B) -> Self {
        LazyTimeout { body, limit, sleep: None }
    }
}

/// The client sent no part of the body in time.
#[derive(Debug, thiserror::Error)]
#[error("no part of the body arrived within {0:?}")]
pub struct BodyTimedOut(Duration);

impl<B> Body for LazyTimeout<B>
where
    B: Body + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = B::Data;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            this.sleep = None;
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        let limit = this.limit;
        let sleep = this.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut(limit))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;

    /// A body whose one frame comes after `after`.
    struct Late {
        sleep: Pin<Box<Sleep>>,
        sent: bool,
    }

    impl Body for Late {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            if self.sent {
                return Poll::Ready(None);
            }
            std::task::ready!(self.sleep.as_mut().poll(cx));
            self.sent = true;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"{}")))))
        }
    }

    fn late(after: Duration) -> Late {
        Late { sleep: Box::pin(tokio::time::sleep(after)), sent: false }
    }

    async fn collect(body: LazyTimeout<Late>) -> Result<Bytes, axum::Error> {
        axum::body::to_bytes(axum::body::Body::new(body), 1024).await
    }

    #[test]
    fn a_body_in_time_is_read_and_a_late_one_times_out() {
        // Paused time: the sleeps end as soon as nothing else can run.
        let rt = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
        rt.block_on(async {
            let limit = Duration::from_secs(10);
            assert_eq!(collect(LazyTimeout::new(limit, late(Duration::ZERO))).await.unwrap(), "{}");
            assert_eq!(collect(LazyTimeout::new(limit, late(Duration::from_secs(9)))).await.unwrap(), "{}");
            let err = collect(LazyTimeout::new(limit, late(Duration::from_secs(11)))).await.unwrap_err();
            assert!(err.to_string().contains("no part of the body arrived"), "{err}");
        });
    }
}
