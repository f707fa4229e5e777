//! The model of `#[extask::main(..)]` / `#[extask::test(..)]`'s options, keeping the
//! user's tokens for the errors' spans.

use syn::{LitInt, LitStr, Path};

/// The runtime a root process runs on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
    MultiThread,
    CurrentThread,
}

impl Flavor {
    pub(super) const ALL: [Flavor; 2] = [Flavor::MultiThread, Flavor::CurrentThread];

    /// The name in `flavor = "NAME"`, and of `RootConfig`'s constructor.
    pub(super) fn name(self) -> &'static str {
        match self {
            Flavor::MultiThread => "multi_thread",
            Flavor::CurrentThread => "current_thread",
        }
    }
}

/// An option's key as written (`node`), for errors about the option as a whole, and
/// its value.
pub(super) struct Opt<T> {
    pub(super) key: Path,
    pub(super) value: T,
}

/// The attribute's options.
#[derive(Default)]
pub(super) struct Config {
    pub(super) flavor: Option<Flavor>,
    pub(super) worker_threads: Option<LitInt>,
    pub(super) krate: Option<Path>,
    /// The distribution options (`node`, `cookie`, `ticktime`, `epmd_port`): the node
    /// the attribute starts before the body (feature `dist`).
    pub(super) node: Option<Opt<LitStr>>,
    pub(super) cookie: Option<Opt<LitStr>>,
    /// `net_ticktime`, in seconds as Erlang's `-kernel net_ticktime N`.
    pub(super) ticktime: Option<Opt<LitInt>>,
    pub(super) epmd_port: Option<Opt<LitInt>>,
}

impl Config {
    /// The distribution options given, in the order of [`Config`]'s fields.
    pub(super) fn dist_keys(&self) -> impl Iterator<Item = &Path> {
        let strs = [&self.node, &self.cookie].into_iter().flatten();
        let ints = [&self.ticktime, &self.epmd_port].into_iter().flatten();
        strs.map(|o| &o.key).chain(ints.map(|o| &o.key))
    }
}

/// What the facade was built with, as far as the expansion cares: whether the
/// runtime's `dist` module exists (the facade's `dist` feature turns on this crate's).
#[derive(Clone, Copy)]
pub(crate) struct Features {
    pub(crate) dist: bool,
}

impl Features {
    pub(crate) fn current() -> Features {
        Features {
            dist: cfg!(feature = "dist"),
        }
    }
}
