//! The [`Receive`] future of `receive_with` and `receive!` (and of the
//! runtime's own receives and task awaits): its matcher kind, timeout and
//! reused timer in a few words, and the message types `receive!` passes.

use super::*;

pin_project! {
    /// The future of [`receive_with`](crate::process::receive_with) (and
    /// of `receive!`, whose `T` names the message types its arms take).
    #[must_use = "a receive does nothing unless awaited"]
    pub struct Receive<M, T = AnyType> {
        wait: Wait,
        matcher: M,
        // Zero-sized: `AnyType`, or `receive!`'s closure comparing `TypeId`s.
        types: T,
        // The timeout in ms, `INFINITY` for `:infinity`; with `demonitor`, a
        // bare `u64` rather than an enum: every byte of a pending receive is
        // in every idle process (tokio's task cell grows in 128-byte steps).
        timeout: u64,
        // How the matcher runs, in one word: `USER_MATCHER`, `RUNTIME_MATCHER`,
        // or a sequence number: the runtime's matcher, and on a reply also
        // remove that ref's monitor and flush its oldest `:DOWN` (hand-sent
        // ones from this sequence number on), under the same lock
        // (`Task.await`'s `demonitor(ref, [:flush])`).
        matching: u64,
        // Boxed and made on first need (or taken from the mailbox, where the
        // last receive left it): an idle process waiting forever should not
        // carry a timer's bytes.
        timer: Option<Pin<Box<ReceiveTimer>>>,
    }
}

/// Which message types a user's matcher is offered (the second parameter of
/// [`Receive`]): any, or those of `receive!`'s arms. Not public API.
#[doc(hidden)]
pub trait MessageTypes {
    /// `None` for any type; else asked under the mailbox lock, so it must
    /// only compare `TypeId`s.
    fn only(&self) -> Option<&dyn Fn(TypeId) -> bool>;

    /// `receive!`'s patterns matched in place, asked under the mailbox lock.
    fn peek(&self) -> Option<&dyn Fn(&Message) -> Peek> {
        None
    }
}

/// Every message type: what [`receive_with`](crate::process::receive_with)'s
/// closure is offered.
#[derive(Clone, Copy, Debug, Default)]
pub struct AnyType;

impl MessageTypes for AnyType {
    fn only(&self) -> Option<&dyn Fn(TypeId) -> bool> {
        None
    }
}

/// The message types `receive!`'s arms name and their patterns in place (two
/// closures that capture nothing, so a pending receive is no larger).
/// Not public API.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct OnlyTypes<F, P>(pub(crate) F, pub(crate) P);

impl<F: Fn(TypeId) -> bool, P: Fn(&Message) -> Peek> MessageTypes for OnlyTypes<F, P> {
    fn only(&self) -> Option<&dyn Fn(TypeId) -> bool> {
        Some(&self.0)
    }

    fn peek(&self) -> Option<&dyn Fn(&Message) -> Peek> {
        Some(&self.1)
    }
}

impl<F, P> fmt::Debug for OnlyTypes<F, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OnlyTypes")
    }
}

impl<M, T> fmt::Debug for Receive<M, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receive")
            .field("pid", &self.wait.proc.pid)
            .field("timeout", &timeout_of(self.timeout))
            .finish_non_exhaustive()
    }
}

impl<M> Receive<M> {
    /// A receive that only considers the task reply `(r#ref, T)` and the
    /// `:DOWN` tagged with `r#ref` (found without scanning the mailbox), and
    /// the plain messages that came after `since` (hand-sent ones).
    pub(crate) fn for_task<T: 'static>(
        proc: Arc<Proc>,
        r#ref: Ref,
        since: u64,
        matcher: M,
        timeout: Timeout,
    ) -> Receive<M> {
        Receive::with(
            Wait::for_ref::<T>(proc, r#ref, since),
            false,
            matcher,
            timeout,
        )
    }

    /// Once a reply matches, the monitor `ref` of [`Receive::for_task`]
    /// (a task made when the mailbox was at `since`) is removed and its
    /// oldest `:DOWN` flushed, as if by `demonitor(ref, [:flush])` right
    /// after, but without taking the lock again. A matched `:DOWN` leaves
    /// the monitor as it is, as `Task.await`'s `{:DOWN, ^ref, ..}` clause
    /// does: the monitor fired, or the `:DOWN` was hand-sent and the task's
    /// own reply and `:DOWN` are still to come.
    pub(crate) fn then_demonitor(self, since: u64) -> Receive<M> {
        Receive {
            matching: since.min(RUNTIME_MATCHER - 1),
            ..self
        }
    }

    /// A receive of any message with a user's matcher (run with no lock held).
    pub(crate) fn new(proc: Arc<Proc>, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive::with(Wait::any(proc), true, matcher, timeout)
    }

    /// The same receive, offered only the messages whose type `types`
    /// accepts (`receive!`'s arms' types), `peek` saying under the lock which
    /// ones an arm without a guard takes.
    pub(crate) fn only_types<F, P>(self, types: F, peek: P) -> Receive<M, OnlyTypes<F, P>>
    where
        F: Fn(TypeId) -> bool,
        P: Fn(&Message) -> Peek,
    {
        let Receive {
            wait,
            matcher,
            types: AnyType,
            timeout,
            matching,
            timer,
        } = self;
        Receive {
            wait,
            matcher,
            types: OnlyTypes(types, peek),
            timeout,
            matching,
            timer,
        }
    }

    /// A receive of any message with one of the runtime's matchers.
    pub(crate) fn runtime(proc: Arc<Proc>, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive::with(Wait::any(proc), false, matcher, timeout)
    }

    fn with(wait: Wait, user: bool, matcher: M, timeout: Timeout) -> Receive<M> {
        Receive {
            wait,
            matcher,
            types: AnyType,
            timeout: match timeout {
                Timeout::Infinity => INFINITY,
                Timeout::Ms(ms) => ms.min(INFINITY - 1),
            },
            matching: match user {
                true => USER_MATCHER,
                false => RUNTIME_MATCHER,
            },
            timer: None,
        }
    }
}

impl<R, M: FnMut(&mut Message) -> Option<R>, T: MessageTypes> Future for Receive<M, T> {
    type Output = Option<R>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<R>> {
        let this = self.project();
        let wants_timer =
            matches!(timeout_of(*this.timeout), Timeout::Ms(ms) if ms > 0) && this.timer.is_none();
        let (kind, demonitor) = match (*this.matching, this.wait.interest) {
            (USER_MATCHER, _) => (
                Matcher::User {
                    types: match this.types.only() {
                        None => Types::All,
                        Some(only) => Types::Only(only),
                    },
                    peek: this.types.peek(),
                    quick: this.timer.is_none(),
                },
                None,
            ),
            (RUNTIME_MATCHER, _) | (_, Interest::Any) => (Matcher::Runtime, None),
            (since, Interest::Ref(r, _)) => (Matcher::Runtime, Some((r, since))),
        };
        let timer = this.timer;
        let mut spare = None;
        let mut kept = None;
        let polled = this.wait.poll_take(
            cx,
            kind,
            &mut *this.matcher,
            |state, left| {
                if let Some(timer) = timer.take() {
                    kept = state.mailbox.keep_timer(timer);
                }
                let (r, since) = demonitor.filter(|_| !left.is::<Down>())?;
                Some((r, Demonitored::take_flushing(state, r, since)))
            },
            |state| {
                if wants_timer {
                    spare = state.mailbox.take_timer();
                }
            },
        );
        drop(kept);
        if let Poll::Ready(r) = polled {
            return Poll::Ready(Some(r));
        }
        match timeout_of(*this.timeout) {
            Timeout::Infinity => Poll::Pending,
            Timeout::Ms(0) => Poll::Ready(None),
            Timeout::Ms(ms) => {
                let timer = timer.get_or_insert_with(|| {
                    let deadline = Instant::now() + std::time::Duration::from_millis(ms);
                    match spare {
                        Some(mut reused) => {
                            reused.as_mut().retarget(deadline);
                            reused
                        }
                        None => ReceiveTimer::new(deadline),
                    }
                });
                timer.as_mut().poll_deadline(cx).map(|()| None)
            }
        }
    }
}
