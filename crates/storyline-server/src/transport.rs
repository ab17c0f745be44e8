//! Connections: the accept loop, a cap on how many are served at once, and
//! the clocks that close a connection whose client is silent or slow.
//!
//! hyper serves each connection (HTTP/1.1, keep-alive). Its own header
//! timeout starts when it waits for a request, so it cannot tell a quiet
//! keep-alive connection from a slow header; the clocks here are kept by a
//! wrapper around the socket instead ([`Watched`]), told by the service
//! when a request starts and when its response has been handed over:
//!
//! - waiting for a request, no byte yet: [`Limits::idle_timeout`];
//! - a request header begun: [`Limits::header_timeout`] from its first byte;
//! - a request in progress: no read clock (the body's deadline is the
//!   handler's, [`Limits::body_timeout`], and a long ingest is no reason to
//!   drop its client);
//! - a response the client does not read: [`Limits::idle_timeout`] of no
//!   progress.
//!
//! A connection past [`Limits::max_connections`] is answered 503 at once
//! and closed, so that a crowd of idle clients never hides the server from
//! a new one.

use crate::error::RETRY_AFTER_SECONDS;
use crate::Limits;
use axum::body::{Body, Bytes};
use axum::http::{Request, Response};
use axum::Router;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// Pause after a failed accept (out of file descriptors, say), so that the
/// loop does not spin while connections end.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Accepts connections on `listener` and serves `router` on each until
/// `shutdown` completes; then closes idle connections and waits for the
/// others to finish their request.
pub(crate) async fn serve(listener: TcpListener, router: Router, limits: &Limits, shutdown: impl Future<Output = ()>) {
    let mut http = http1::Builder::new();
    // The clocks are ours (see the module's doc); hyper's header limits sit
    // above the policy's own, so that the answer is JSON.
    http.header_read_timeout(None)
        .max_headers(limits.max_headers.max(100) * 2);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            refuse(&stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let clock = Arc::new(Clock::new(limits));
        let io = TokioIo::new(Watched::new(stream, clock.clone(), limits.idle_timeout));
        let service = hyper::service::service_fn({
            let router = router.clone();
            move |request: Request<Incoming>| respond(router.clone(), clock.clone(), request)
        });
        let connection = graceful.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            // A failed connection (a timeout, a reset) concerns one client.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Serves one request, the connection's clock stopped until its response
/// has been handed to hyper.
async fn respond(router: Router, clock: Arc<Clock>, request: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let busy = Busy::start(clock);
    let response = router.oneshot(request.map(Body::new)).await?;
    Ok(response.map(|body| Body::new(Tracked { body, _busy: busy })))
}

/// Answers 503 without waiting for the client (one write that fits any
/// socket buffer), then the socket is closed.
fn refuse(stream: &TcpStream) {
    let body = r#"{"error": "too many connections; try again shortly"}"#;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         x-content-type-options: nosniff\r\nretry-after: {RETRY_AFTER_SECONDS}\r\nconnection: close\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

/// When a connection must next receive a byte.
struct Clock {
    header_timeout: Duration,
    idle_timeout: Duration,
    state: Mutex<ClockState>,
}

struct ClockState {
    /// Requests being answered (their responses not yet handed over).
    busy: usize,
    /// When the connection began to wait for its next request.
    waiting_since: Instant,
    /// When the first byte of that request arrived.
    first_byte: Option<Instant>,
}

impl Clock {
    fn new(limits: &Limits) -> Clock {
        Clock {
            header_timeout: limits.header_timeout,
            idle_timeout: limits.idle_timeout,
            state: Mutex::new(ClockState {
                busy: 0,
                waiting_since: Instant::now(),
                first_byte: None,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ClockState> {
        // The state stays consistent whatever panicked while it was held.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The deadline of a pending read; none while a request is answered.
    fn read_deadline(&self) -> Option<Instant> {
        let state = self.state();
        (state.busy == 0).then(|| match state.first_byte {
            Some(first) => first + self.header_timeout,
            None => state.waiting_since + self.idle_timeout,
        })
    }

    fn bytes_read(&self) {
        let mut state = self.state();
        if state.busy == 0 && state.first_byte.is_none() {
            state.first_byte = Some(Instant::now());
        }
    }
}

/// A request being answered: from the end of its header until its response
/// body is dropped (written out, or the connection gone).
struct Busy(Arc<Clock>);

impl Busy {
    fn start(clock: Arc<Clock>) -> Busy {
        clock.state().busy += 1;
        Busy(clock)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.busy -= 1;
        if state.busy == 0 {
            state.waiting_since = Instant::now();
            state.first_byte = None;
        }
    }
}

/// A response body that keeps its request [`Busy`] while hyper writes it.
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A timer that is moved rather than made again for each deadline.
struct Alarm {
    sleep: Pin<Box<Sleep>>,
    set_for: Option<Instant>,
}

impl Alarm {
    fn new() -> Alarm {
        Alarm {
            sleep: Box::pin(tokio::time::sleep(Duration::ZERO)),
            set_for: None,
        }
    }

    /// Whether `deadline` has passed; if not, `cx` is woken when it does.
    fn rings(&mut self, deadline: Instant, cx: &mut Context<'_>) -> bool {
        if self.set_for != Some(deadline) {
            self.sleep.as_mut().reset(deadline);
            self.set_for = Some(deadline);
        }
        self.sleep.as_mut().poll(cx).is_ready()
    }
}

/// A socket whose reads fail when the [`Clock`] runs out, and whose writes
/// fail when the client has read nothing for the idle timeout.
struct Watched {
    stream: TcpStream,
    clock: Arc<Clock>,
    read_alarm: Alarm,
    write_stall: Duration,
    write_alarm: Alarm,
    /// When a blocked write gives up.
    write_deadline: Option<Instant>,
}

impl Watched {
    fn new(stream: TcpStream, clock: Arc<Clock>, write_stall: Duration) -> Watched {
        Watched {
            stream,
            clock,
            read_alarm: Alarm::new(),
            write_stall,
            write_alarm: Alarm::new(),
            write_deadline: None,
        }
    }

    /// `poll`, a write's outcome, unless it has been blocked too long.
    fn unless_stalled<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.write_deadline = None;
            return poll;
        }
        let deadline = *self
            .write_deadline
            .get_or_insert_with(|| Instant::now() + self.write_stall);
        if self.write_alarm.rings(deadline, cx) {
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "client stopped reading")));
        }
        Poll::Pending
    }
}

impl AsyncRead for Watched {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) if buf.filled().len() > before => {
                this.clock.bytes_read();
                Poll::Ready(Ok(()))
            }
            Poll::Pending => match this.clock.read_deadline() {
                Some(deadline) if this.read_alarm.rings(deadline, cx) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "client too slow or silent",
                ))),
                _ => Poll::Pending,
            },
            done => done,
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.unless_stalled(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.unless_stalled(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_flush(cx);
        this.unless_stalled(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
