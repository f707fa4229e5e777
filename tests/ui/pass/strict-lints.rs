// Expansions compile warning-free under strict lints.
#![deny(
    warnings,
    unused_qualifications,
    unused_results,
    unused_import_braces,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    unused_extern_crates,
    unused_lifetimes,
    unsafe_code,
    rust_2018_idioms,
    missing_debug_implementations,
    let_underscore_drop,
    single_use_lifetimes,
    unit_bindings,
    unused_macro_rules,
    variant_size_differences
)]
#![deny(clippy::all)]

use extask::{Pid, TaskResult, receive, task};

#[extask::main(flavor = "current_thread")]
async fn main() {
    let t = task!(async fn -> Process.sleep(1); IO.inspect(self()) end);
    let pid: Pid = task!(await t, 1_000);
    let slow = task!(async fn -> Process.sleep(1_000); 0 end);
    let yielded: Option<TaskResult<i32>> = task!(yield slow, 1);
    assert!(yielded.is_none());
    assert!(task!(shutdown slow, :brutal_kill).is_none());
    let Ok(started) = task!(start_link fn -> 1 end);
    assert_ne!(started, pid);
    extask::process::send(extask::process::self_pid(), (1_u8, 2_u8));
    let sum = receive! {
        (a, mut b): (u8, u8) if a < b => { b += a; b }
        after 1_000 => 0,
    };
    assert_eq!(sum, 3);
    extask::process::send(extask::process::self_pid(), 7_u16);
    let any = receive! { n: u16 => n };
    let done = task!(completed self());
    assert_eq!((any, task!(await done)), (7, extask::process::self_pid()));
}

#[extask::test]
async fn as_a_test() -> Result<(), String> {
    let t = task!(async fn -> 1 end);
    if task!(await t) == 1 {
        Ok(())
    } else {
        Err("no".to_owned())
    }
}
