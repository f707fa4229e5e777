//! Where a call, cast or stop goes: a server's pid ([`Server`]) or a name it
//! is registered under ([`Named`]); both typed by the server's [`Protocol`].

use crate::inspect::{Doc, Inspect, Term, impl_debug_via_inspect};
use crate::process::Name;
use crate::{ExitReason, Pid};
use std::marker::PhantomData;

/// A server at a pid, taking `P`'s messages ([`Protocol`](super::Protocol)):
/// what [`start_link`](super::start_link) returns. Prints as its pid.
pub struct Server<P: ?Sized> {
    pid: Pid,
    _protocol: PhantomData<fn() -> P>,
}

impl<P: ?Sized> Server<P> {
    /// The server at `pid`, trusted to take `P`'s messages (a process
    /// written by hand that receives [`GenCall`](super::GenCall)s; a call
    /// of the wrong types is never answered and times out).
    pub fn from_pid(pid: Pid) -> Server<P> {
        Server {
            pid,
            _protocol: PhantomData,
        }
    }

    /// The server's pid.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The server registered under `name` (`name:`), found at each call:
    /// Elixir's `GenServer.call(:name, ..)`.
    pub fn named(name: impl Into<Name>) -> Named<P> {
        Named {
            name: name.into(),
            _protocol: PhantomData,
        }
    }

    /// The server under `name` now (`GenServer.whereis/1`), if any.
    pub fn whereis(name: impl Into<Name>) -> Option<Server<P>> {
        name.into().whereis().map(Server::from_pid)
    }
}

impl<P: ?Sized> Clone for Server<P> {
    fn clone(&self) -> Self {
        Server::from_pid(self.pid)
    }
}

impl<P: ?Sized> PartialEq for Server<P> {
    fn eq(&self, other: &Self) -> bool {
        self.pid == other.pid
    }
}

impl<P: ?Sized> Inspect for Server<P> {
    fn to_doc(&self) -> Doc {
        self.pid.to_doc()
    }
}

impl_debug_via_inspect!(impl<P> Server<P>);

/// A server addressed by a name, looked up at each call; made by
/// [`Server::named`]. Prints as the name (`:counter`, `{:via, Registry,
/// {R, k}}`), as a failed call's exit reason shows it.
pub struct Named<P: ?Sized> {
    name: Name,
    _protocol: PhantomData<fn() -> P>,
}

impl<P: ?Sized> Named<P> {
    /// The name.
    pub fn name(&self) -> &Name {
        &self.name
    }
}

impl<P: ?Sized> Clone for Named<P> {
    fn clone(&self) -> Self {
        Named {
            name: self.name.clone(),
            _protocol: PhantomData,
        }
    }
}

impl<P: ?Sized> Inspect for Named<P> {
    fn to_doc(&self) -> Doc {
        self.name.to_doc()
    }
}

impl_debug_via_inspect!(impl<P> Named<P>);

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// What [`call`](super::call), [`cast`](super::cast) and
/// [`stop`](super::stop) take: `&Server<P>` or `&Named<P>` (sealed). With
/// the `dist` feature, also a process of another node, whose requests and
/// replies are [`Term`]s (`dist::TermProtocol`): `("name", "node@host")`
/// (Elixir's `{name, node}`), a `&dist::Remote`, or
/// `&Server::<TermProtocol>::from_pid` of a remote pid
/// (`docs/distribution.md`).
pub trait Address<P: ?Sized>: sealed::Sealed {
    /// The pid behind the address now: `Ok(None)` when no process holds
    /// the name, `Err` for a via-name of an unknown registry.
    #[doc(hidden)]
    fn resolve(&self) -> Result<Option<Pid>, ExitReason>;
    /// The address as a failed call's exit reason prints it.
    #[doc(hidden)]
    fn term(&self) -> Term;
    /// The process of another node behind the address, if it is one: the
    /// call goes over the wire (`dist::calls`). A name is always local; a
    /// pid costs one compare.
    #[cfg(feature = "dist")]
    #[doc(hidden)]
    fn remote(&self) -> Option<crate::dist::Remote> {
        None
    }
}

impl<P: ?Sized> sealed::Sealed for &Server<P> {}
impl<P: ?Sized> sealed::Sealed for &Named<P> {}

impl<P: ?Sized> Address<P> for &Server<P> {
    fn resolve(&self) -> Result<Option<Pid>, ExitReason> {
        Ok(Some(self.pid))
    }

    fn term(&self) -> Term {
        Term::Pid(self.pid)
    }

    #[cfg(feature = "dist")]
    fn remote(&self) -> Option<crate::dist::Remote> {
        self.pid
            .is_remote()
            .then_some(crate::dist::Remote::Pid(self.pid))
    }
}

impl<P: ?Sized> Address<P> for &Named<P> {
    fn resolve(&self) -> Result<Option<Pid>, ExitReason> {
        Ok(self.name.lookup()?.map(|proc| proc.pid))
    }

    fn term(&self) -> Term {
        Term::of(&self.name)
    }
}
