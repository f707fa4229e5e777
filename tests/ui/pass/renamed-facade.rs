// The facade used under another name: renamed with `use ... as`, or re-exported by
// another module. The attribute takes `crate = "path"`.
mod reexport {
    pub use extask;
}

use extask as tasks;

#[tasks::main(crate = "tasks", flavor = "current_thread")]
async fn main() {
    let t = tasks::task!(async fn -> 1 end);
    let u = reexport::extask::task!(async fn -> 2 end);
    assert_eq!(tasks::task!(await t) + reexport::extask::task!(await u), 3);
    tasks::process::send(tasks::process::self_pid(), 3_u8);
    assert_eq!(reexport::extask::receive! { n: u8 => n }, 3);
}

#[reexport::extask::test(crate = "reexport::extask")]
async fn runs_as_a_test() {}
