//! Requests as processes: [`ProcessLayer`], a tower `Layer` that runs each
//! HTTP request's handler as a process of its own, as Cowboy runs each
//! Phoenix request in one (feature `tower`).
//!
//! Inside the handler, `task!(start_link ..)` and `task!(async ..)` link to
//! the request, `task!(await t, ms)` exits it on a timeout, and a panic is
//! its crash. Whatever ends the request process other than its handler
//! returning (a linked crash, an await timeout, an `exit`) becomes a
//! `500 Internal Server Error` with an empty body, never a dropped
//! connection; the crash report Elixir-style is logged as for any process,
//! inside a span `request{method=GET path=/payments/1}` (target `extask`), so
//! it names the request. If the response future is dropped first (the client
//! went away), the request process is stopped with `:shutdown`, which takes
//! its linked tasks with it.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use http::{Request, Response, StatusCode};
//! use task_runtime::tower::ProcessLayer;
//! use task_runtime::{Timeout, process, task};
//! use tower_layer::Layer;
//! use tower_service::Service;
//!
//! // A handler that lets it crash: the task is linked to the request.
//! #[derive(Clone)]
//! struct Handler;
//! impl Service<Request<String>> for Handler {
//!     type Response = Response<String>;
//!     type Error = std::convert::Infallible;
//!     type Future = futures::future::BoxFuture<'static, Result<Response<String>, Self::Error>>;
//!     fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
//!         std::task::Poll::Ready(Ok(()))
//!     }
//!     fn call(&mut self, req: Request<String>) -> Self::Future {
//!         Box::pin(async move {
//!             let request = process::self_pid();
//!             let crash = req.uri().path() == "/crash";
//!             let t = task::async_task(async move { if crash { panic!("boom") } 7 });
//!             let n = task::await_task(t, Timeout::DEFAULT).await;
//!             Ok(Response::new(format!("{n} from {request:?}")))
//!         })
//!     }
//! }
//!
//! let mut service = ProcessLayer::new().layer(Handler);
//! let ok = service.call(Request::get("/fine").body(String::new()).unwrap()).await.unwrap();
//! assert!(ok.body().starts_with("7 from #PID<"));
//! let crashed = service.call(Request::get("/crash").body(String::new()).unwrap()).await.unwrap();
//! assert_eq!(crashed.status(), StatusCode::INTERNAL_SERVER_ERROR);
//! # }
//! ```

use crate::task::async_task;
use crate::{ExitReason, Pid, Timeout, process};
use futures::future::BoxFuture;
use http::{Request, Response, StatusCode};
use std::task::{Context, Poll};
use tower_layer::Layer;
use tower_service::Service;

/// Runs each request of the service it wraps as a process (see the
/// [module docs](self)).
#[derive(Clone, Copy, Debug, Default)]
pub struct ProcessLayer {
    _private: (),
}

impl ProcessLayer {
    /// The layer.
    pub fn new() -> ProcessLayer {
        ProcessLayer { _private: () }
    }
}

impl<S> Layer<S> for ProcessLayer {
    type Service = ProcessService<S>;

    fn layer(&self, inner: S) -> ProcessService<S> {
        ProcessService { inner }
    }
}

/// The service [`ProcessLayer`] makes: `inner`, each call in a process.
#[derive(Clone, Debug)]
pub struct ProcessService<S> {
    inner: S,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for ProcessService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: Default + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Response<ResBody>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // tower's rule: the service that was polled ready is the one called;
        // a fresh clone stays behind for the next `poll_ready`.
        let fresh = self.inner.clone();
        let mut ready = std::mem::replace(&mut self.inner, fresh);
        // At error level, so that it is enabled wherever a crash report is;
        // the request process's own span is born inside it.
        let span = tracing::error_span!(
            target: "extask",
            "request",
            method = %request.method(),
            path = %request.uri().path(),
        );
        let task = span.in_scope(|| async_task(async move { ready.call(request).await }));
        let stop = StopOnDrop(Some(task.pid));
        Box::pin(async move {
            let outcome = task.try_await(Timeout::Infinity).await;
            stop.disarm();
            match outcome {
                Ok(handled) => handled,
                Err(reason) => Ok(internal_error(&span, &reason)),
            }
        })
    }
}

/// The `500` for a request process that exited before it answered.
fn internal_error<B: Default>(span: &tracing::Span, reason: &ExitReason) -> Response<B> {
    // The crash itself was reported by the process; this says what the
    // client got.
    let reason = reason.root_cause();
    tracing::warn!(target: "extask", parent: span, ?reason, "request process exited: 500");
    let mut response = Response::new(B::default());
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}

/// Stops the request process when its response is no longer wanted.
struct StopOnDrop(Option<Pid>);

impl StopOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        if let Some(pid) = self.0.take() {
            process::exit(pid, ExitReason::Shutdown);
        }
    }
}
