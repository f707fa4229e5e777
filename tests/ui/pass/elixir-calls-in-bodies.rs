// The Elixir calls people type from habit work inside bodies, as written.
use extask::{Pid, task};

#[extask::main(flavor = "current_thread")]
async fn main() {
    let me = extask::process::self_pid();
    let t = task!(async fn ->
        let pid: Pid = self();
        send(me, pid);
        Process.send(me, "hello");
        let worker = Task.async(|| async { 20 });
        let awaited = Task.await(worker, 1_000);
        let alive = Process.alive?(pid);
        Process.sleep(1);
        IO.inspect((awaited, alive))
    end);
    let (value, alive) = task!(await t);
    assert_eq!((value, alive), (20, true));
    let worker_pid = extask::receive! { pid: Pid => pid };
    assert_ne!(worker_pid, me);
    let hello = extask::receive! { s: &'static str => s };
    assert_eq!(hello, "hello");
}
