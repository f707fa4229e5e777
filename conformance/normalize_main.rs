//! `normalize < raw > normalised`: the normaliser of `normalize.rs` as a
//! command, for `record.sh` and `check-elixir.sh` (built there with plain
//! `rustc`, no cargo needed).

#[path = "normalize.rs"]
#[allow(dead_code, reason = "the command uses only `normalize`")]
mod normalize;

use std::io::{Read, Write};

fn main() {
    let mut raw = String::new();
    std::io::stdin()
        .read_to_string(&mut raw)
        .expect("stdin is UTF-8 text");
    std::io::stdout()
        .write_all(normalize::normalize(&raw).as_bytes())
        .expect("stdout is writable");
}
