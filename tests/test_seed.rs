//! The seed transcript through the `task!` DSL and `#[extask::test]`.

use extask::inspect::{inspect, pretty};
use extask::{Pid, process, receive, task};

#[extask::test]
async fn async_prints_the_task_and_await_returns_blah() {
    let task = task!(async fn -> Process.sleep(50); "blah" end);
    let me = process::self_pid();
    assert_eq!(task.owner, me);
    assert_eq!(
        pretty(&task),
        format!(
            "%Task{{\n  mfa: {{:erlang, :apply, 2}},\n  owner: {me:?},\n  pid: {:?},\n  ref: {:?}\n}}",
            task.pid, task.r#ref
        )
    );
    assert_eq!(task!(await task), "blah");
}

#[extask::test]
async fn start_link_returns_ok_pid_and_the_result_never_arrives() {
    let started = task!(start_link fn -> Process.sleep(50); "blah" end);
    let Ok(pid) = started;
    assert_eq!(format!("{started:?}"), format!("Ok({pid:?})"));
    assert_eq!(inspect(&started), format!("{{:ok, {pid:?}}}"));
    let watch = process::monitor(pid);
    let reason = receive! {
        down: extask::messages::Down if down.r#ref == watch => down.reason,
    };
    assert!(reason.is_normal());
    assert_eq!(process::message_queue_len(), 0);
    let _: Pid = pid;
}
