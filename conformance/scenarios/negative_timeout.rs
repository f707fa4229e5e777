//! Twin of `negative_timeout.exs`: a negative timeout computed at run time
//! (an `i32`, as Elixir takes any integer) makes the caller exit with the
//! error Elixir's guard raises (`{:function_clause, stack}`), or Erlang's
//! `receive` (`{:timeout_value, stack}`).

use crate::support::*;
use extask::{process, receive, task};

/// A message nobody sends (`:never`).
struct Never;

pub(crate) async fn run(out: Out) {
    let ms: i32 = "-1".parse().expect("an integer");
    out.show("sleep", &child(async move { process::sleep(ms).await }).await);
    let await_exit = child(async move {
        let t = task!(async fn -> 1 end);
        task!(await t, ms);
    });
    out.show("await", &await_exit.await);
    let yield_exit = child(async move {
        let t = task!(async fn -> 1 end);
        let _ = task!(yield t, ms);
    });
    out.show("yield", &yield_exit.await);
    let many_exit = child(async move {
        let tasks = vec![task!(async fn -> 1 end)];
        task!(await_many tasks, ms);
    });
    out.show("await_many", &many_exit.await);
    let after_exit = child(async move {
        receive! {
            _never: Never => (),
            after ms => (),
        }
    });
    out.show("receive after", &after_exit.await);
    let t = task!(async fn -> atom("ok") end);
    let ms: usize = 101;
    out.show("usize timeout", &task!(await t, ms));
}
