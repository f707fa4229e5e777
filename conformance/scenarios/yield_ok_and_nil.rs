//! Twin of `yield_ok_and_nil.exs`.

use crate::support::*;
use extask::task;

pub(crate) async fn run(out: Out) {
    let task = task!(async fn -> Process.sleep(400); atom("slow") end);
    out.show("yield 100", &task!(yield task, 100));
    out.show("yield 2000", &task!(yield task, 2000));
    out.show("yield again", &task!(yield task, 100));
    out.show("messages", &messages().await);
    let task = task!(async fn -> Process.sleep(100); atom("default") end);
    out.show("yield default", &task!(yield task));
}
