// The seed transcript: Task.async + Task.await, and Task.start_link whose result never
// reaches the caller.
use extask::task;

#[extask::main]
async fn main() {
    let task = task!(async fn -> Process.sleep(20); "blah" end);
    assert!(format!("{task:?}").starts_with("%Task{mfa: {:erlang, :apply, 2}, owner: #PID<0."));
    assert_eq!(task!(await task), "blah");

    let started = task!(start_link fn -> Process.sleep(20); "blah" end);
    assert!(format!("{started:?}").starts_with("Ok(#PID<0."));
    let nothing = extask::receive! {
        anything: &'static str => Some(anything),
        after 100 => None,
    };
    assert_eq!(nothing, None);
}
