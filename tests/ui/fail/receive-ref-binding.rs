// receive! binds by value: no `ref`.
use extask::receive;

async fn run() {
    let _n = receive! {
        (ref a, b): (String, i32) => b,
    };
}

fn main() {}
