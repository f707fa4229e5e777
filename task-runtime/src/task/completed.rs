//! `Task.completed/1`: a task whose result is already there.

use super::{Mfa, Task};
use crate::inspect::Atom;
use crate::runtime::current::current_or_stand_in;
use crate::{Pid, make_ref};

/// `{Task, :completed, 1}`.
const COMPLETED: Mfa = Mfa {
    module: Atom::new("Elixir.Task"),
    function: Atom::new("completed"),
    arity: 1,
};

/// A task that is already done with `value` (`Task.completed/1`): nothing
/// is spawned; the reply `(task.ref, value)` is put in the caller's mailbox
/// at once, for [`await_task`](super::await_task),
/// [`yield_task`](super::yield_task), [`await_many`](super::await_many) and
/// [`yield_many`](super::yield_many) to find, mixed with real tasks or not.
///
/// Its `pid` is [`Pid::NIL`], which prints `nil`:
/// `%Task{mfa: {Task, :completed, 1}, owner: #PID<..>, pid: nil, ref: #Reference<..>}`.
/// Having no process, it cannot be [`shutdown`](super::shutdown) or
/// [`ignore`](super::ignore)d: both raise an `ArgumentError` in the caller.
///
/// Outside any process the owner is a stand-in, as for
/// [`async_task`](super::async_task).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use task_runtime::{task, Timeout};
/// # task_runtime::root::spawn_root(async {
/// let t = task::completed(42);
/// assert!(format!("{t:?}").starts_with("%Task{mfa: {Task, :completed, 1}, owner: #PID<"));
/// assert!(format!("{t:?}").contains(", pid: nil, ref: #Reference<"));
/// assert_eq!(task::await_task(t, Timeout::ms(0)).await, 42);
/// # }).await.unwrap();
/// # }
/// ```
pub fn completed<T: Send + 'static>(value: T) -> Task<T> {
    let (owner, stand_in) = current_or_stand_in();
    let r#ref = make_ref();
    owner.deliver_own_reply(r#ref, Box::new((r#ref, value)));
    Task::new(COMPLETED, owner.pid, Pid::NIL, r#ref, stand_in)
}
