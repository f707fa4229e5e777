//! The seed transcript, in Rust. In iex:
//!
//! ```text
//! iex(1)> task = Task.async(fn -> Process.sleep(2_000); "blah" end)
//! %Task{owner: #PID<0.366.0>, pid: #PID<0.387.0>, ref: #Reference<0.3892106341.61079555.177231>}
//! iex(2)> Task.await(task)
//! "blah"
//! iex(6)> task = Task.start_link(fn -> Process.sleep(2_000); "blah" end)
//! {:ok, #PID<0.385.0>}
//! ```
//!
//! and "you will never see the result message from started process printed in
//! iex". Run it with `cargo run --example seed` (the 2 s sleeps are 200 ms here).

use extask::inspect::io_inspect;
use extask::{process, task};

#[extask::main]
async fn main() {
    println!("iex(1)> task = Task.async(fn -> Process.sleep(2_000); \"blah\" end)");
    let task = task!(async fn -> Process.sleep(200); "blah" end);
    io_inspect(&task);

    println!("iex(2)> Task.await(task)");
    io_inspect(task!(await task));

    println!("iex(6)> task = Task.start_link(fn -> Process.sleep(2_000); \"blah\" end)");
    let started = task!(start_link fn -> Process.sleep(200); "blah" end);
    io_inspect(&started);
    println!("(Debug of the Rust value: {started:?})");

    // The task ran to its end and its "blah" went nowhere: wait for its
    // :DOWN, then look at the mailbox, as `Process.info(self(), :messages)`.
    let Ok(pid) = started;
    let watch = process::monitor(pid);
    let down = extask::receive! {
        down: extask::messages::Down if down.r#ref == watch => down,
    };
    println!("iex(7)> # the started task is gone: {down:?}");
    println!(
        "iex(8)> Process.info(self(), :messages)\n{{:messages, {}}}",
        if process::message_queue_len() == 0 {
            "[]"
        } else {
            "[...]"
        }
    );
}
