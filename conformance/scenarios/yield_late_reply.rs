//! Twin of `yield_late_reply.exs`: after `yield` returns nil the reply and
//! the `:DOWN` still arrive.

use crate::support::*;
use extask::task;

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(300); atom("late") end);
    out.show("yield", &task!(yield task, 50));
    let down = receive_down(task.r#ref).await;
    out.show("before the DOWN", &messages().await);
    out.show("DOWN", &down);
}
