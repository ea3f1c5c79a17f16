//! Generic engine: a layer that runs a check before the service it wraps
//! and a rewrite of its answer after, without cloning that service on each
//! request (axum's `from_fn` clones the whole stack inside it per call and
//! boxes a `Next`: measured, a few per cent of a send).
//!
//! Invariant: the wrapped service is called at most once per request, and
//! not at all when the check answers.

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// What a check decides.
pub enum Then<Seen> {
    /// Call the wrapped service; pass this on to the rewrite.
    Call(Seen),
    /// Answer this, without calling it.
    Answer(Response),
}

/// What runs around the wrapped service.
pub trait Around: Clone + Send + Sync + 'static {
    /// What the check passes on to the rewrite.
    type Seen: Send + 'static;
    fn before(&self, request: &Request) -> Then<Self::Seen>;
    /// The answer as sent.
    fn after(self, seen: Self::Seen, response: Response) -> impl Future<Output = Response> + Send;
}

/// [`Around`] as a tower layer.
#[derive(Clone)]
pub struct AroundLayer<A>(pub A);

impl<A: Clone, S> tower::Layer<S> for AroundLayer<A> {
    type Service = AroundService<A, S>;
    fn layer(&self, inner: S) -> Self::Service {
        AroundService { around: self.0.clone(), inner }
    }
}

#[derive(Clone)]
pub struct AroundService<A, S> {
    around: A,
    inner: S,
}

impl<A, S> tower::Service<Request> for AroundService<A, S>
where
    A: Around,
    S: tower::Service<Request, Error = Infallible>,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.around.before(&request) {
            Then::Answer(answer) => Box::pin(std::future::ready(Ok(answer))),
            Then::Call(seen) => {
                let answered = self.inner.call(request);
                let around = self.around.clone();
                Box::pin(async move {
                    let response = answered.await?.into_response();
                    Ok(around.after(seen, response).await)
                })
            }
        }
    }
}
