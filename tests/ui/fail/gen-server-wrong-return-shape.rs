// A `#[call]` returns the reply itself; a `#[cast]` has none.
use extask::gen_server::{CallReturn, Init};
use extask::inspect::Inspect;

#[derive(Inspect)]
struct Counter(i64);

#[extask::gen_server]
impl Counter {
    async fn init(n: i64) -> Init<Self> {
        Init::Ok(Counter(n))
    }

    #[call]
    fn get(&mut self) -> CallReturn<Self> {
        CallReturn::NoReply
    }

    #[cast]
    fn add(&mut self, k: i64) -> i64 {
        self.0 += k;
        self.0
    }
}

fn main() {}
