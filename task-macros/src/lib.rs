//! The proc macros of [extask](https://docs.rs/extask): the `task!` and `receive!` DSLs
//! and the `#[main]` / `#[test]` attributes.
//!
//! Use them through the `extask` facade, never directly: `extask::task!` is a
//! `macro_rules!` wrapper that hands `$crate` to [`task_impl!`], so the expansion names
//! only `$crate::__private::rt::...` and `::core::...`.
//!
//! Each macro goes parse → model → validate → expand; the expansion functions are plain
//! functions over `proc_macro2::TokenStream`, tested in-process (`src/tests/`).

mod ast;
mod attr;
mod body;
mod derive;
mod elixir;
mod emit;
mod errors;
mod expand;
mod gen_server;
mod parse;
mod parse_body;
mod paths;
mod receive;
mod tokens;
mod use_task;
mod validate;
mod values;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;

/// `#[derive(Inspect)]`: the item prints in Elixir notation. Use it as
/// `extask::inspect::Inspect`, which names the trait and this derive at once;
/// the facade's `inspect` docs give the table of shapes and the options
/// (`#[inspect(crate = "path")]`, `#[inspect(transparent)]`, `#[inspect(skip)]`).
#[proc_macro_derive(Inspect, attributes(inspect))]
pub fn derive_inspect(input: TokenStream) -> TokenStream {
    derive::expand(input.into()).into()
}

// `text`, as for `#[main]`: the compiled examples are the facade's (README,
// "GenServer: `#[extask::gen_server]` and the plain trait").
/// `#[extask::gen_server]` on a state's `impl` block: its `#[call]` and `#[cast]`
/// methods become a typed client API, the request enums and the `GenServer` impl.
///
/// ```text
/// #[extask::gen_server]
/// impl Counter {
///     async fn init(start: i64) -> Init<Self> { Init::Ok(Counter(start)) }
///     #[call] pub fn get(&mut self) -> i64 { self.0 }          // the reply
///     #[cast] pub fn add(&mut self, k: i64) { self.0 += k }    // {:noreply, state}
/// }
/// // Counter::add(&server, 2); Counter::get(&server).await == 42
/// ```
///
/// A `#[cast]` may return `Return<Self>` (to stop); `handle_info`, `handle_continue`
/// and `terminate` written in the block are the trait's. The requests are
/// `CounterCall` / `CounterCast` (printed `:get`, `{:add, 2}`), the replies
/// `CounterReply`. Option: `crate = "path"` for a renamed facade. The plain trait it
/// writes is in the facade's crate docs (README, "GenServer").
#[proc_macro_attribute]
pub fn gen_server(args: TokenStream, item: TokenStream) -> TokenStream {
    gen_server::expand(args.into(), item.into()).into()
}

/// `#[derive(Task)]`: Elixir's `use Task, restart: .., shutdown: ..` on a
/// user's type, whose `run(self)` is the task: adds `child_spec(self)` (id
/// the type, `restart: :temporary` unless given). Use it as `extask::Task`;
/// the facade's README ("A supervision tree") gives the options
/// (`#[task(restart = transient, shutdown = 1000)]`, `crate = "path"`).
#[proc_macro_derive(Task, attributes(task))]
pub fn derive_task(input: TokenStream) -> TokenStream {
    use_task::expand(input.into()).into()
}

/// The engine of `extask::task!`: `task_impl!{ $crate; FORM }`. See `extask::task!`.
#[proc_macro]
pub fn task_impl(input: TokenStream) -> TokenStream {
    expand::expand(input.into()).into()
}

/// The engine of `extask::receive!`: `receive_impl!{ $crate; ARMS }`. See `extask::receive!`.
#[proc_macro]
pub fn receive_impl(input: TokenStream) -> TokenStream {
    receive::expand(input.into()).into()
}

// The example below is `text`, never compiled: this crate's doctests cannot reach the
// macro through the `extask` facade, which depends on this crate. The facade owns the
// compiled example (its crate docs and README doctests).
/// Runs `async fn main` as the root process of an extask runtime.
///
/// ```text
/// #[extask::main]
/// async fn main() {
///     let t = extask::task!(async fn -> 1 + 1 end);
///     assert_eq!(extask::task!(await t), 2);
/// }
/// ```
///
/// Options: `flavor = "multi_thread"` (default) or `"current_thread"`,
/// `worker_threads = N` (multi-thread only), `crate = "path"` for a renamed facade.
///
/// With the facade's `dist` feature, `node = "rust@127.0.0.1", cookie = "secret"`
/// (and optionally `ticktime = SECS`, `epmd_port = PORT`) starts an Erlang
/// distribution node before the body, as `elixir --name .. --cookie ..` does: EPMD
/// if absent, then `dist::start_with` (the plain-Rust form, with
/// `dist::ensure_epmd`); a node that cannot start ends the program with status 1.
/// Without the feature the option is a compile error saying to enable it.
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    attr::expand(attr::Kind::Main, args.into(), item.into()).into()
}

/// Runs an `async fn` test as the root process of a fresh extask runtime
/// (current-thread by default). Same options as [`macro@main`].
#[proc_macro_attribute]
pub fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    attr::expand(attr::Kind::Test, args.into(), item.into()).into()
}
