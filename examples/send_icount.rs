//! What local sends cost, for an instruction count with and without the
//! `dist` feature (whose one branch in `process::send` is all local code
//! pays for remote pids):
//!
//! ```text
//! cargo build --release --example send_icount
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/send_icount
//! cargo build --release --example send_icount --features dist
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/send_icount
//! ```
//!
//! Each run sends 200,000 messages to itself and takes each out again; the
//! difference of the two `I refs` totals over 200,000 is the cost per send.

use extask::process;

const N: u64 = 200_000;

#[extask::main(flavor = "current_thread")]
async fn main() {
    let me = process::self_pid();
    let mut sum = 0;
    for i in 0..N {
        process::send(me, i);
        sum += process::receive_with(extask::messages::take::<u64>, extask::Timeout::Infinity)
            .await
            .unwrap_or(0);
    }
    assert_eq!(sum, N * (N - 1) / 2);
    println!("{N} sends received");
}
