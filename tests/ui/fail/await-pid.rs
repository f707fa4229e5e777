// `start_link` gives `{:ok, pid}`, not a task: there is nothing to await.
use extask::task;

async fn run() {
    let Ok(pid) = task!(start_link fn -> Process.sleep(10) end);
    task!(await pid);
}

fn main() {}
