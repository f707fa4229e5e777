// The expansions name only `$crate::__private` and `::core`: shadowing the prelude and
// having a module named `tokio` changes nothing.
#![allow(dead_code)]
use extask::{receive, task};

struct Result;
struct Box;
struct Option;
struct Some;
struct Vec;
struct String;
mod tokio {}
mod core {}
mod std {}
mod extask_private {}
fn drop() {}

#[::extask::main(flavor = "current_thread")]
async fn main() {
    let t = task!(async fn -> Process.sleep(1); 1 end);
    let v = task!(await t, 1_000);
    let m = task!(async || async { 2 });
    let w = task!(await m);
    extask::process::send(extask::process::self_pid(), 3_i32);
    let r = receive! {
        n: i32 if n > 0 => n,
        after 1_000 => 0,
    };
    assert_eq!(v + w + r, 6);
}
