// Selective receive: non-matching messages stay, in order; typed arms, patterns,
// guards, `after`.
use extask::messages::{Down, Exit};
use extask::{ExitReason, Ref, process, receive, task};

#[extask::main(flavor = "current_thread")]
async fn main() {
    let me = process::self_pid();
    process::send(me, "b");
    process::send(me, 'a');
    process::send(me, "c");
    // Only the char matches: the strings stay, in order.
    assert_eq!(receive! { c: char => c }, 'a');
    assert_eq!(receive! { s: &'static str => s }, "b");
    assert_eq!(receive! { s: &'static str => s, after 0 => "none" }, "c");
    assert_eq!(receive! { s: &'static str => s, after 0 => "none" }, "none");
    assert_eq!(receive! { after 10 => "slept" }, "slept");

    let wanted = extask::make_ref();
    process::send(me, (extask::make_ref(), 1_i32));
    process::send(me, (wanted, 2_i32));
    let got = receive! {
        (r, v): (Ref, i32) if r == wanted => v,
        after 100 => 0,
    };
    assert_eq!(got, 2);
    let stale = receive! { (_r, v): (Ref, i32) => v, after 0 => 0 };
    assert_eq!(stale, 1);

    let previous = process::trap_exit(true);
    assert!(!previous);
    let t = task!(start_link fn -> 1 end);
    let Ok(pid) = t;
    let from = receive! {
        Exit { from, reason }: Exit if reason == ExitReason::Normal => from,
        after 1_000 => me,
    };
    assert_eq!(from, pid);
    let watched = task!(start fn -> Process.sleep(1) end);
    let Ok(watched) = watched;
    let monitor = process::monitor(watched);
    let down = receive! {
        Down { r#ref, pid, .. }: Down if r#ref == monitor => pid,
        after 1_000 => me,
    };
    assert_eq!(down, watched);
}
