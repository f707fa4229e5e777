//! Options of [`Supervisor::start_link`](super::Supervisor::start_link).

use crate::inspect::{Doc, Inspect, derive};
use crate::name::Name;

/// `strategy:`: what a child's restart does to its siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// `:one_for_one`: restart only the child.
    OneForOne,
    /// `:one_for_all`: stop the other children (in reverse start order),
    /// then start them all again in order.
    OneForAll,
    /// `:rest_for_one`: stop the children started after it (in reverse),
    /// then start it and them again in order.
    RestForOne,
}

impl Inspect for Strategy {
    fn to_doc(&self) -> Doc {
        derive::atom(match self {
            Strategy::OneForOne => "one_for_one",
            Strategy::OneForAll => "one_for_all",
            Strategy::RestForOne => "rest_for_one",
        })
    }
}

/// `Supervisor.start_link/2`'s options: the strategy (required in Elixir,
/// so it is [`Options::new`]'s argument), `max_restarts: 3` and
/// `max_seconds: 5` unless set, and an optional name.
///
/// ```
/// use task_runtime::supervisor::{Options, Strategy};
/// let opts = Options::new(Strategy::OneForAll).max_restarts(10).max_seconds(1);
/// assert_eq!(format!("{opts:?}"), "[strategy: :one_for_all, max_restarts: 10, max_seconds: 1]");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Options {
    pub(crate) strategy: Strategy,
    pub(crate) max_restarts: usize,
    pub(crate) max_seconds: u64,
    pub(crate) name: Option<Name>,
}

impl Options {
    /// The options with `strategy` and the defaults.
    pub fn new(strategy: Strategy) -> Options {
        Options {
            strategy,
            max_restarts: 3,
            max_seconds: 5,
            name: None,
        }
    }

    /// `max_restarts:`: more restarts than this within `max_seconds` make
    /// the supervisor stop its children and exit `:shutdown`.
    pub fn max_restarts(mut self, n: usize) -> Options {
        self.max_restarts = n;
        self
    }

    /// `max_seconds:`: the window of `max_restarts`, in whole seconds.
    pub fn max_seconds(mut self, seconds: u64) -> Options {
        self.max_seconds = seconds;
        self
    }

    /// `name:`: register the supervisor under `name` (an atom, or a
    /// `Registry` via-name), for
    /// [`Supervisor::whereis`](super::Supervisor::whereis).
    pub fn name(mut self, name: impl Into<Name>) -> Options {
        self.name = Some(name.into());
        self
    }
}

impl Inspect for Options {
    /// The keyword list, with the keys that differ from the defaults.
    fn to_doc(&self) -> Doc {
        let mut items = vec![derive::field("strategy: ", self.strategy.to_doc())];
        if self.max_restarts != 3 {
            items.push(derive::field(
                "max_restarts: ",
                Doc::text(self.max_restarts.to_string()),
            ));
        }
        if self.max_seconds != 5 {
            items.push(derive::field(
                "max_seconds: ",
                Doc::text(self.max_seconds.to_string()),
            ));
        }
        if let Some(name) = &self.name {
            items.push(derive::field("name: ", name.to_doc()));
        }
        Doc::container("[", items, "]", true)
    }
}

crate::inspect::impl_debug_via_inspect!(Options);
