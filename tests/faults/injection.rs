//! The fault-injection subscriber of this test binary, installed once as
//! the global default: a layer that panics in the callback a test arms
//! ([`arm`]), and a layer that keeps the crash reports while a test
//! captures them ([`capture`]), behind the per-crate filter a user writes
//! (`RUST_LOG=myapp=info,extask=info`). Both are off otherwise, so the
//! other tests of the binary trace nothing.

use super::DELIBERATE;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber, span};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Filter, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// The subscriber callback that panics while armed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Callback {
    NewSpan = 1,
    Event,
    Enter,
    Exit,
    Close,
}

pub(crate) const CALLBACKS: [Callback; 5] = [
    Callback::NewSpan,
    Callback::Event,
    Callback::Enter,
    Callback::Exit,
    Callback::Close,
];

static ARMED: AtomicU8 = AtomicU8::new(0);
static CAPTURING: AtomicBool = AtomicBool::new(false);
static REPORTS: Mutex<Vec<Report>> = Mutex::new(Vec::new());

/// One crash report as the capturing layer saw it.
#[derive(Clone, Debug)]
pub(crate) struct Report {
    pub(crate) message: String,
    pub(crate) has_backtrace: bool,
    /// The name of the span it was emitted in (`process`), if any.
    pub(crate) span: Option<String>,
}

/// Installs the subscriber (once per binary).
pub(crate) fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let targets = Targets::new()
            .with_target("myapp", LevelFilter::INFO)
            .with_target("extask", LevelFilter::INFO);
        let subscriber = tracing_subscriber::registry()
            .with(Panics.with_filter(WhileArmed))
            .with(Capture.with_filter(WhileCapturing(targets)));
        tracing::subscriber::set_global_default(subscriber)
            .expect("the fault-injection subscriber is this binary's only one");
    });
}

/// Arms `callback` until the guard is dropped.
#[must_use]
pub(crate) fn arm(callback: Callback) -> Armed {
    ARMED.store(callback as u8, Ordering::SeqCst);
    Armed
}

pub(crate) struct Armed;

impl Drop for Armed {
    fn drop(&mut self) {
        ARMED.store(0, Ordering::SeqCst);
    }
}

fn armed(callback: Callback) -> bool {
    ARMED.load(Ordering::SeqCst) == callback as u8
}

/// Runs `fut` with the capturing layer on and returns the reports emitted
/// meanwhile (emitted before the signals, so complete once `fut` has seen
/// the `:DOWN`s it waits for).
pub(crate) async fn capture<F: std::future::Future>(fut: F) -> Vec<Report> {
    let start = REPORTS.lock().unwrap().len();
    CAPTURING.store(true, Ordering::SeqCst);
    fut.await;
    CAPTURING.store(false, Ordering::SeqCst);
    REPORTS.lock().unwrap()[start..].to_vec()
}

struct Panics;

impl<S: Subscriber> Layer<S> for Panics {
    fn on_new_span(&self, attrs: &span::Attributes<'_>, _: &span::Id, _: Context<'_, S>) {
        if armed(Callback::NewSpan) && attrs.metadata().name() == "process" {
            panic!("{DELIBERATE}: on_new_span");
        }
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if armed(Callback::Event) && event.metadata().target() == "extask" {
            panic!("{DELIBERATE}: on_event");
        }
    }

    fn on_enter(&self, _: &span::Id, _: Context<'_, S>) {
        if armed(Callback::Enter) {
            panic!("{DELIBERATE}: on_enter");
        }
    }

    fn on_exit(&self, _: &span::Id, _: Context<'_, S>) {
        if armed(Callback::Exit) {
            panic!("{DELIBERATE}: on_exit");
        }
    }

    fn on_close(&self, _: span::Id, _: Context<'_, S>) {
        if armed(Callback::Close) {
            panic!("{DELIBERATE}: on_close");
        }
    }
}

/// Everything, while a callback is armed; nothing otherwise.
struct WhileArmed;

impl<S> Filter<S> for WhileArmed {
    fn enabled(&self, _: &Metadata<'_>, _: &Context<'_, S>) -> bool {
        ARMED.load(Ordering::SeqCst) != 0
    }

    fn callsite_enabled(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }
}

/// The user's per-crate filter, while a test captures.
struct WhileCapturing(Targets);

impl<S> Filter<S> for WhileCapturing {
    fn enabled(&self, meta: &Metadata<'_>, _: &Context<'_, S>) -> bool {
        CAPTURING.load(Ordering::SeqCst) && self.0.would_enable(meta.target(), meta.level())
    }

    fn callsite_enabled(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }
}

struct Capture;

#[derive(Default)]
struct Fields {
    message: String,
    backtrace: bool,
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.message = format!("{value:?}"),
            "backtrace" => self.backtrace = true,
            _ => {}
        }
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let span = ctx.event_span(event).map(|s| s.name().to_owned());
        REPORTS.lock().unwrap().push(Report {
            message: fields.message,
            has_backtrace: fields.backtrace,
            span,
        });
    }
}
