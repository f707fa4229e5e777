// The expansions work in a crate without the prelude.
#![no_implicit_prelude]

#[::extask::main(flavor = "current_thread")]
async fn main() {
    let t = ::extask::task!(async fn -> Process.sleep(1); 1_u32 end);
    let v = ::extask::task!(await t, :infinity);
    ::extask::process::send(::extask::process::self_pid(), (5_u32, 6_u32));
    let (a, b) = ::extask::receive! {
        (a, b): (u32, u32) if a < b => (a, b),
        after 1_000 => (0, 0),
    };
    ::std::assert_eq!(v + a + b, 12);
}
